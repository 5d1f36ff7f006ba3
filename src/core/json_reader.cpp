#include "core/json_reader.h"

#include <climits>
#include <cmath>

#include "core/layer_io.h"

namespace pk {

using nlohmann::json;

namespace {

const char* typeWord(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "text";
    case json::value_t::boolean: return "true/false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "something else";
  }
}

}  // namespace

JsonReader::JsonReader(const json& value, std::string file, std::string path)
    : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

std::string JsonReader::pathOf(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool JsonReader::has(const std::string& key) const {
  if (!value_->is_object()) return false;
  const auto it = value_->find(key);
  return it != value_->end() && !it->is_null();
}

void JsonReader::fail(const std::string& problem) const {
  const std::string where = path_.empty() ? std::string() : path_ + ": ";
  if (!file_.empty()) throw InputError(file_, where + problem);
  throw JsonValueError(where + problem);
}

void JsonReader::fail(const std::string& key, const std::string& problem) const {
  JsonReader(*value_, file_, pathOf(key)).fail(problem);
}

void JsonReader::requireObject() const {
  if (!value_->is_object()) fail(std::string("expected an object, not ") + typeWord(*value_));
}

JsonReader JsonReader::child(const std::string& key) const {
  requireObject();
  const auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) fail(key, "missing");
  return JsonReader(*it, file_, pathOf(key));
}

std::string JsonReader::asString() const {
  if (!value_->is_string()) fail(std::string("expected text, not ") + typeWord(*value_));
  return value_->get<std::string>();
}

double JsonReader::asNumber() const {
  if (!value_->is_number()) fail(std::string("expected a number, not ") + typeWord(*value_));
  const double v = value_->get<double>();
  if (!std::isfinite(v)) fail("expected a finite number");
  return v;
}

long long JsonReader::asInteger() const {
  if (!value_->is_number_integer()) fail(std::string("expected a whole number, not ") + typeWord(*value_));
  if (value_->is_number_unsigned() && value_->get<unsigned long long>() > (unsigned long long)(LLONG_MAX))
    fail("is too large");
  return value_->get<long long>();
}

bool JsonReader::asBoolean() const {
  if (!value_->is_boolean()) fail(std::string("expected true or false, not ") + typeWord(*value_));
  return value_->get<bool>();
}

std::vector<JsonReader> JsonReader::items() const {
  if (!value_->is_array()) fail(std::string("expected a list, not ") + typeWord(*value_));
  std::vector<JsonReader> out;
  out.reserve(value_->size());
  for (size_t i = 0; i < value_->size(); ++i)
    out.emplace_back((*value_)[i], file_, path_ + "[" + std::to_string(i) + "]");
  return out;
}

std::string JsonReader::string(const std::string& key) const { return child(key).asString(); }
double JsonReader::number(const std::string& key) const { return child(key).asNumber(); }
long long JsonReader::integer(const std::string& key) const { return child(key).asInteger(); }
bool JsonReader::boolean(const std::string& key) const { return child(key).asBoolean(); }
JsonReader JsonReader::object(const std::string& key) const {
  JsonReader c = child(key);
  c.requireObject();
  return c;
}
std::vector<JsonReader> JsonReader::array(const std::string& key) const { return child(key).items(); }

std::string JsonReader::string(const std::string& key, const std::string& fallback) const {
  requireObject();
  return has(key) ? string(key) : fallback;
}
double JsonReader::number(const std::string& key, double fallback) const {
  requireObject();
  return has(key) ? number(key) : fallback;
}
long long JsonReader::integer(const std::string& key, long long fallback) const {
  requireObject();
  return has(key) ? integer(key) : fallback;
}
bool JsonReader::boolean(const std::string& key, bool fallback) const {
  requireObject();
  return has(key) ? boolean(key) : fallback;
}
std::optional<JsonReader> JsonReader::optObject(const std::string& key) const {
  requireObject();
  if (!has(key)) return std::nullopt;
  return object(key);
}
std::vector<JsonReader> JsonReader::optArray(const std::string& key) const {
  requireObject();
  if (!has(key)) return {};
  return array(key);
}

int jsonNestingDepth(const std::string& text, int stopAbove) {
  int depth = 0, deepest = 0;
  bool inString = false, escaped = false;
  for (const char c : text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest && (deepest = depth) > stopAbove) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace pk
