#include "core/layer.h"

#include <strings.h>

namespace pk {

std::string Layer::featureName(size_t i) const {
  if (nameField >= 0 && i < features.size() && size_t(nameField) < features[i].values.size()) {
    const std::string& v = features[i].values[nameField];
    if (!v.empty()) return v;
  }
  return "#" + std::to_string(i + 1);
}

std::string Layer::featureCode(size_t i) const {
  if (codeField >= 0 && i < features.size() && size_t(codeField) < features[i].values.size())
    return features[i].values[codeField];
  return "";
}

int Layer::fieldIndex(const std::string& name) const {
  for (size_t i = 0; i < fieldNames.size(); ++i)
    if (strcasecmp(fieldNames[i].c_str(), name.c_str()) == 0) return int(i);
  return -1;
}

}  // namespace pk
