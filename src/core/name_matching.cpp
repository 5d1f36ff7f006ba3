#include "core/name_matching.h"

#include "core/text_excerpt.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/column_mapping.h"
#include "core/layer.h"

namespace pk {

namespace {

bool isVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Words that only say what kind of place follows ("Kec. Lembang", "Desa Cipada", "Kel. Cimareme").
bool isAdministrativePrefix(const std::string& word) {
  static const std::set<std::string> prefixes = {"kecamatan", "kec", "kelurahan", "kel", "desa", "ds",
                                                 "kampung", "kp", "kab", "kabupaten"};
  return prefixes.count(word) > 0;
}

std::string replaceAll(std::string s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

void addTo(std::unordered_map<std::string, std::vector<int>>& index, const std::string& key, int feature) {
  if (key.empty()) return;
  auto& v = index[key];
  if (std::find(v.begin(), v.end(), feature) == v.end()) v.push_back(feature);
}

std::vector<int> inScope(const std::vector<int>& features, const std::vector<int>* scope) {
  if (!scope) return features;
  std::vector<int> out;
  for (int f : features)
    if (std::find(scope->begin(), scope->end(), f) != scope->end()) out.push_back(f);
  return out;
}

std::string quoted(std::string_view s) { return quotedExcerpt(s); }

enum class FieldKind { None, Name, Code };

FieldKind fieldKindOf(const std::string& fieldName) {
  static const std::set<std::string> names = {
      "name", "nama", "name_bps", "nama_bps", "namobj", "wadmkc", "wadmkd", "kecamatan", "nama_kecamatan",
      "desa", "nama_desa", "kelurahan", "village", "district", "nm_kec", "nm_kecamatan", "nm_desa", "kec",
      "adm3_en", "adm4_en", "name_3", "name_4", "desa_kelurahan"};
  static const std::set<std::string> codes = {
      "code", "kode", "bps_code", "kode_bps", "kdcpum", "kdepum", "kode_kec", "kode_kecamatan", "kode_desa",
      "kec_code", "kec_bps", "kd_kec", "kd_desa", "desa_code", "adm3_pcode", "adm4_pcode", "pcode",
      "kode_kemendagri", "kemendagri_code", "kd_kecamatan", "id_kec", "id_desa"};
  std::string key = normaliseHeader(fieldName);
  if (names.count(key)) return FieldKind::Name;
  if (codes.count(key)) return FieldKind::Code;
  return FieldKind::None;
}

}  // namespace

std::string normalisePlaceName(std::string_view name) {
  // Words of lower-case ASCII letters and digits; everything else separates words.
  std::vector<std::string> words(1);
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalnum(u)) words.back() += static_cast<char>(std::tolower(u));
    else if (!words.back().empty()) words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  size_t first = 0;
  while (first + 1 < words.size() && isAdministrativePrefix(words[first])) ++first;
  std::string joined;
  for (size_t i = first; i < words.size(); ++i) joined += words[i];
  // Old (pre-1972) spelling still seen in lists: Tjikalong, Padalarang Djaja, Tjioeroeg.
  joined = replaceAll(joined, "tj", "c");
  joined = replaceAll(joined, "dj", "j");
  joined = replaceAll(joined, "oe", "u");
  return joined;
}

bool looksLikePlaceCode(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i + 1 < text.size() && (text[i] == 'I' || text[i] == 'i') && (text[i + 1] == 'D' || text[i + 1] == 'd')) i += 2;
  bool digit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') digit = true;
    else if (c != '.' && c != ' ' && c != '-') return false;
  }
  return digit;
}

std::string normalisePlaceCode(std::string_view text) {
  if (!looksLikePlaceCode(text)) return {};
  std::string out;
  for (char c : text)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

int editDistance(std::string_view a, std::string_view b, int limit) {
  int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > limit) return limit + 1;
  std::vector<int> prev(lb + 1), cur(lb + 1);
  for (int j = 0; j <= lb; ++j) prev[j] = j;
  for (int i = 1; i <= la; ++i) {
    cur[0] = i;
    int rowMin = cur[0];
    for (int j = 1; j <= lb; ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0)});
      rowMin = std::min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[lb], limit + 1);
}

bool looselyEqualNames(std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() < 5 || b.size() < 5) return false;
  // Short names allow one edit only between vowels of equal-length names ("cikadu"/"cikodu");
  // longer names any single edit ("cempakamekar"/"campakamekar", "rajamandalakulon"/"rajamandalkulon").
  if (a.size() < 8 || b.size() < 8) {
    if (a.size() != b.size()) return false;
    int differences = 0;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i]) {
        if (!isVowel(a[i]) || !isVowel(b[i])) return false;
        ++differences;
      }
    return differences == 1;
  }
  return editDistance(a, b, 1) <= 1;
}

const char* matchFailureText(MatchFailure failure) {
  switch (failure) {
    case MatchFailure::None: return "matched";
    case MatchFailure::NoLocation: return "no location";
    case MatchFailure::UnknownKecamatan: return "unknown kecamatan";
    case MatchFailure::UnknownDesa: return "unknown desa";
    case MatchFailure::Ambiguous: return "ambiguous name";
    case MatchFailure::NeedsKecamatan: return "no kecamatan";
    case MatchFailure::NeedsDesa: return "no desa";
  }
  return "?";
}

PlaceMatcher::PlaceMatcher(const Layer& layer) {
  featureCount_ = layer.features.size();
  // Classify fields: names or codes; own (mostly distinct values) or parent (values repeat).
  struct FieldUse { int index; FieldKind kind; bool parent; };
  std::vector<FieldUse> uses;
  for (size_t fi = 0; fi < layer.fieldNames.size(); ++fi) {
    FieldKind kind = fieldKindOf(layer.fieldNames[fi]);
    if (static_cast<int>(fi) == layer.nameField) kind = FieldKind::Name;
    if (static_cast<int>(fi) == layer.codeField) kind = FieldKind::Code;
    if (kind == FieldKind::None) continue;
    std::set<std::string> distinct;
    size_t filled = 0;
    for (const auto& f : layer.features) {
      if (fi >= f.values.size() || f.values[fi].empty()) continue;
      ++filled;
      distinct.insert(kind == FieldKind::Name ? normalisePlaceName(f.values[fi]) : normalisePlaceCode(f.values[fi]));
    }
    if (filled == 0) continue;
    bool parent = filled >= 4 && distinct.size() * 2 <= filled;
    uses.push_back({static_cast<int>(fi), kind, parent});
    if (parent) desaLevel_ = true;
  }
  std::set<size_t> codeLengths;
  for (size_t i = 0; i < layer.features.size(); ++i) {
    const auto& values = layer.features[i].values;
    int feature = static_cast<int>(i);
    for (const auto& use : uses) {
      if (static_cast<size_t>(use.index) >= values.size()) continue;
      const std::string& v = values[use.index];
      if (v.empty()) continue;
      if (use.kind == FieldKind::Name) {
        const std::string name = normalisePlaceName(v);
        addTo(use.parent ? parentNames_ : names_, name, feature);
        if (use.parent && !name.empty()) parentFieldOfKey_.emplace("n:" + name, layer.fieldNames[use.index]);
      } else {
        std::string code = normalisePlaceCode(v);
        addTo(use.parent ? parentCodes_ : codes_, code, feature);
        if (use.parent && !code.empty()) parentFieldOfKey_.emplace("c:" + code, layer.fieldNames[use.index]);
        if (!use.parent && !code.empty()) codeLengths.insert(code.size());
      }
    }
  }
  ownCodeLengths_.assign(codeLengths.begin(), codeLengths.end());
}

PlaceMatch PlaceMatcher::matchIn(const Index& names, const Index& codes, std::string_view text,
                                 const std::vector<int>* scope, MatchFailure notFound, const char* what) const {
  PlaceMatch m;
  auto finish = [&](const std::vector<int>& found, MatchKind kind) {
    if (found.size() == 1) {
      m.feature = found[0];
      m.kind = kind;
      m.failure = MatchFailure::None;
    } else {
      m.failure = MatchFailure::Ambiguous;
      m.detail = std::string(what) + " " + quoted(text) + " fits " + std::to_string(found.size()) + " features";
    }
    return m;
  };
  if (looksLikePlaceCode(text)) {
    std::string code = normalisePlaceCode(text);
    auto it = codes.find(code);
    if (it != codes.end()) {
      auto found = inScope(it->second, scope);
      if (!found.empty()) return finish(found, MatchKind::Code);
    }
    m.failure = notFound;
    m.detail = std::string(what) + " code " + quoted(text) + " not found";
    return m;
  }
  std::string key = normalisePlaceName(text);
  if (key.empty()) {
    m.failure = MatchFailure::NoLocation;
    return m;
  }
  auto it = names.find(key);
  if (it != names.end()) {
    auto found = inScope(it->second, scope);
    if (!found.empty()) return finish(found, MatchKind::Name);
  }
  // Loose: the names within reach must all belong to one feature, else no match (never guess).
  std::set<int> reach;
  for (const auto& [name, features] : names) {
    if (!looselyEqualNames(key, name)) continue;
    for (int f : inScope(features, scope)) reach.insert(f);
  }
  if (reach.size() == 1) return finish({*reach.begin()}, MatchKind::LooseName);
  if (reach.size() > 1) {
    m.failure = MatchFailure::Ambiguous;
    m.detail = std::string(what) + " " + quoted(text) + " is close to " + std::to_string(reach.size()) + " features";
    return m;
  }
  m.failure = notFound;
  m.detail = std::string(what) + " " + quoted(text) + " not found";
  return m;
}

PlaceMatch PlaceMatcher::matchFeature(std::string_view nameOrCode, const std::vector<int>* scope) const {
  return matchIn(names_, codes_, nameOrCode, scope,
                 desaLevel_ ? MatchFailure::UnknownDesa : MatchFailure::UnknownKecamatan,
                 desaLevel_ ? "desa" : "kecamatan");
}

// The kecamatan part of a desa code: "32.17.01.2001" -> "321701"; an undotted 10-digit code is
// tried as Kemendagri (first 6 digits) and BPS (first 7), against the code lengths the layer has.
PlaceMatch PlaceMatcher::matchKecamatanByDesaCode(std::string_view desaCode) const {
  PlaceMatch m;
  m.failure = MatchFailure::UnknownKecamatan;
  m.detail = "kecamatan of desa code " + quoted(desaCode) + " not found";
  std::string digits = normalisePlaceCode(desaCode);
  if (digits.empty()) return m;
  std::vector<std::string> prefixes;
  if (desaCode.find('.') != std::string_view::npos) {
    // Dotted Kemendagri code: the first three segments.
    std::string prefix;
    int dots = 0;
    for (char c : desaCode) {
      if (c == '.' && ++dots == 3) break;
      if (c >= '0' && c <= '9') prefix += c;
    }
    prefixes.push_back(prefix);
  } else {
    for (size_t len : ownCodeLengths_) {
      if (len >= digits.size()) continue;
      // Kemendagri desa codes continue the 6-digit kecamatan code with 1xxx (kelurahan) or 2xxx
      // (desa); BPS ones continue the 7-digit code with 3 digits. Undotted, "3217030004" is only BPS.
      if (len == 6 && digits.size() == 10 && digits[6] != '1' && digits[6] != '2') continue;
      prefixes.push_back(digits.substr(0, len));
    }
  }
  std::set<int> found;
  for (const auto& p : prefixes) {
    auto it = codes_.find(p);
    if (it != codes_.end()) found.insert(it->second.begin(), it->second.end());
  }
  if (found.size() == 1) {
    m.feature = *found.begin();
    m.kind = MatchKind::Code;
    m.failure = MatchFailure::None;
    m.detail.clear();
  } else if (found.size() > 1) {
    m.failure = MatchFailure::Ambiguous;
    m.detail = "desa code " + quoted(desaCode) + " fits " + std::to_string(found.size()) + " kecamatan";
  }
  return m;
}

// Desa layer: every desa of the kecamatan named or coded `text`. False, with `failure` filled in
// (unless already set), when it names no kecamatan or more than one.
bool PlaceMatcher::parentScope(std::string_view text, std::vector<int>& scope, PlaceMatch& failure,
                               std::string* field) const {
  auto fieldOf = [&](const std::string& key) {
    if (!field) return;
    auto it = parentFieldOfKey_.find(key);
    *field = it == parentFieldOfKey_.end() ? std::string() : it->second;
  };
  auto fail = [&](MatchFailure why, const std::string& detail) {
    if (failure.failure == MatchFailure::NoLocation) {
      failure.failure = why;
      failure.detail = detail;
    }
    return false;
  };
  if (looksLikePlaceCode(text)) {
    auto it = parentCodes_.find(normalisePlaceCode(text));
    if (it == parentCodes_.end()) return fail(MatchFailure::UnknownKecamatan, "kecamatan code " + quoted(text) + " not found");
    scope = it->second;
    fieldOf("c:" + it->first);
    return true;
  }
  std::string key = normalisePlaceName(text);
  auto it = parentNames_.find(key);
  if (it != parentNames_.end()) {
    scope = it->second;
    fieldOf("n:" + key);
    return true;
  }
  // Loose: every parent name within reach must stand for the same set of desa.
  const std::vector<int>* found = nullptr;
  const std::string* foundName = nullptr;
  for (const auto& [name, features] : parentNames_) {
    if (!looselyEqualNames(key, name)) continue;
    if (found && *found != features)
      return fail(MatchFailure::Ambiguous, "kecamatan " + quoted(text) + " is close to several names");
    found = &features;
    foundName = &name;
  }
  if (!found) return fail(MatchFailure::UnknownKecamatan, "kecamatan " + quoted(text) + " not found");
  scope = *found;
  fieldOf("n:" + *foundName);
  return true;
}

std::vector<int> PlaceMatcher::desaOfKecamatan(const PlaceQuery& q, std::string* field) const {
  std::vector<int> scope;
  if (!desaLevel_) return scope;
  PlaceMatch failure;
  for (std::string_view k : {q.kecamatanCode, q.kecamatan}) {
    if (normalisePlaceName(k).empty() && normalisePlaceCode(k).empty()) continue;
    if (parentScope(k, scope, failure, field)) return scope;
  }
  scope.clear();
  return scope;
}

PlaceMatch PlaceMatcher::match(const PlaceQuery& q) const {
  auto blank = [](std::string_view s) { return normalisePlaceName(s).empty() && normalisePlaceCode(s).empty(); };
  bool hasKec = !blank(q.kecamatan), hasKecCode = !blank(q.kecamatanCode);
  bool hasDesa = !blank(q.desa), hasDesaCode = !blank(q.desaCode);
  if (!desaLevel_) {
    PlaceMatch first;
    bool tried = false;
    for (std::string_view k : {q.kecamatanCode, q.kecamatan}) {
      if (blank(k)) continue;
      PlaceMatch m = matchFeature(k);
      if (m.ok()) return m;
      if (!tried) first = m;
      tried = true;
    }
    if (hasDesaCode && looksLikePlaceCode(q.desaCode)) {
      PlaceMatch m = matchKecamatanByDesaCode(q.desaCode);
      if (m.ok() || !tried) return m;
    }
    if (tried) return first;
    PlaceMatch m;
    if (hasDesa) {
      m.failure = MatchFailure::NeedsKecamatan;
      m.detail = "desa " + quoted(q.desa) + " given without kecamatan";
    }
    return m;
  }

  // Desa layer: the kecamatan (when given) scopes the desa.
  std::vector<int> scope;
  bool scoped = false;
  PlaceMatch kecamatanFailure;
  for (std::string_view k : {q.kecamatanCode, q.kecamatan}) {
    if (blank(k) || scoped) continue;
    if (parentScope(k, scope, kecamatanFailure)) scoped = true;
  }
  if (hasDesaCode) {
    PlaceMatch m = matchFeature(q.desaCode);
    if (m.ok()) return m;
    if (!hasDesa) return m;
  }
  if (hasDesa) {
    PlaceMatch m = matchFeature(q.desa, scoped ? &scope : nullptr);
    if (m.ok()) return m;
    if (!scoped && (hasKec || hasKecCode)) {
      // The kecamatan did not match; the desa alone placed nothing either: report the kecamatan.
      return kecamatanFailure.failure != MatchFailure::NoLocation ? kecamatanFailure : m;
    }
    if (scoped && m.failure == MatchFailure::UnknownDesa) {
      m.detail = "desa " + quoted(q.desa) + " not found in kecamatan " +
                 quoted(hasKec ? q.kecamatan : q.kecamatanCode);
    }
    return m;
  }
  PlaceMatch m;
  if (hasKec || hasKecCode) {
    if (!scoped) return kecamatanFailure;
    m.failure = MatchFailure::NeedsDesa;
    m.detail = "only kecamatan " + quoted(hasKec ? q.kecamatan : q.kecamatanCode) +
               " given, but the boundary layer is desa-level";
  }
  return m;
}

}  // namespace pk
