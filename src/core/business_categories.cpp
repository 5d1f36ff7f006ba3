#include "core/business_categories.h"

#include "core/json_reader.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace pk {

namespace {

// Lower-case letters and digits; any other run of characters becomes one space, with a space at
// each end so that word boundaries are plain " " tests.
std::string normaliseText(std::string_view text) {
  std::string out = " ";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (out.back() != ' ') out += ' ';
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

bool keywordFits(const std::string& text, const std::string& keyword) {
  if (keyword.empty()) return false;
  if (keyword.size() <= 3) return text.find(" " + keyword + " ") != std::string::npos;
  return text.find(keyword) != std::string::npos;
}

}  // namespace

BusinessCategories BusinessCategories::defaults() {
  BusinessCategories c;
  c.categories = {
      {"makanan_minuman", "Makanan dan minuman",
       {"makan", "makanan", "minuman", "kuliner", "comring", "comro", "combro", "cireng", "cilok", "cimol",
        "seblak", "keripik", "kripik", "kerupuk", "krupuk", "rengginang", "opak", "teh", "teh tarik", "kopi",
        "warung kopi", "warkop", "es", "jus", "kue", "toko kue", "roti", "bakso", "mie", "mi ayam",
        "ayam goreng", "ayam geprek", "ayam bakar", "ikan bakar", "pepes", "sate", "gorengan", "goreng",
        "nasi", "lontong", "batagor", "siomay", "dodol", "sale pisang", "katering", "catering",
        "warung makan", "warung nasi", "warteg", "rumah makan", "jajanan", "camilan", "cemilan", "snack",
        "bolu", "donat", "tahu", "tempe", "sambal", "bumbu", "boba", "minum", "susu murni", "frozen food",
        "makaroni", "basreng", "peyek", "rempeyek", "wajit", "ranginang", "olahan", "bakar", "asin", "pindang",
        "sayur asem", "pecel", "karedok", "gado", "bakwan"}},
      {"warung_kelontong", "Warung/toko kelontong",
       {"warung", "toko", "kelontong", "klontong", "sembako", "kios", "grosir", "eceran", "pulsa", "konter",
        "counter", "dagang", "pedagang", "jualan", "minimarket", "gas elpiji", "gas lpg", "air isi ulang",
        "depot air"}},
      {"kerajinan", "Kerajinan",
       {"kerajinan", "anyaman", "anyam", "bambu", "rotan", "ukir", "souvenir", "suvenir", "cendera",
        "gerabah", "keramik", "rajut", "sapu", "keset", "handicraft", "craft", "kriya", "mebel", "meubel",
        "furniture", "kayu", "manik"}},
      {"pertanian_peternakan", "Pertanian dan peternakan",
       {"tani", "pertanian", "ternak", "peternakan", "domba", "kambing", "sapi", "sapi perah", "petelur",
        "bebek", "itik", "ikan", "kolam", "lele", "nila", "budidaya", "kebun", "padi", "sawah", "ladang",
        "tanam", "panen", "hidroponik", "bibit", "pupuk", "lebah",
        "madu", "tanaman", "anggrek", "perah", "unggas", "kelinci", "puyuh", "ayam kampung", "ayam petelur"}},
      {"jasa", "Jasa",
       {"jasa", "servis", "service", "bengkel", "cukur", "pangkas", "salon", "laundry", "cuci", "ojek", "ojeg",
        "tukang", "reparasi", "rias", "potong rambut", "fotokopi", "fotocopy", "photocopy", "rental", "sewa",
        "kursus", "les", "bimbel", "pijat", "urut", "angkut", "tambal ban", "cuci motor", "percetakan",
        "desain", "parkir"}},
      {"fashion_konveksi", "Fashion/konveksi",
       {"jahit", "konveksi", "pakaian", "baju", "busana", "fashion", "kaos", "sablon", "bordir", "kerudung",
        "jilbab", "hijab", "mukena", "batik", "sepatu", "sandal", "tas", "garmen", "celana", "seragam",
        "gamis", "daster"}},
      {"lainnya", "Lainnya", {}},
  };
  c.fallback = static_cast<int>(c.categories.size()) - 1;
  return c;
}

int BusinessCategories::fallbackIndex() const {
  if (fallback >= 0 && fallback < static_cast<int>(categories.size())) return fallback;
  return static_cast<int>(categories.size()) - 1;
}

int BusinessCategories::indexOfKey(std::string_view key) const {
  for (size_t i = 0; i < categories.size(); ++i)
    if (categories[i].key == key) return static_cast<int>(i);
  return -1;
}

int BusinessCategories::categorise(std::string_view businessType) const {
  std::string text = normaliseText(businessType);
  int best = -1;
  size_t bestLength = 0;
  for (size_t i = 0; i < categories.size(); ++i)
    for (const auto& raw : categories[i].keywords) {
      std::string keyword = normaliseText(raw);
      keyword = keyword.substr(1, keyword.size() - 2);  // the padding spaces
      if (keyword.size() > bestLength && keywordFits(text, keyword)) {
        best = static_cast<int>(i);
        bestLength = keyword.size();
      }
    }
  return best >= 0 ? best : fallbackIndex();
}

std::vector<std::string> parseKeywordList(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    const size_t first = current.find_first_not_of(" \t\r");
    const size_t last = current.find_last_not_of(" \t\r");
    std::string keyword = first == std::string::npos ? std::string() : current.substr(first, last - first + 1);
    for (char& c : keyword)
      if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!keyword.empty() && std::find(out.begin(), out.end(), keyword) == out.end()) out.push_back(keyword);
    current.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ';' || c == '\n') flush();
    else current += c;
  }
  flush();
  return out;
}

std::string joinKeywords(const std::vector<std::string>& keywords) {
  std::string out;
  for (const auto& k : keywords) out += (out.empty() ? "" : ", ") + k;
  return out;
}

std::string newCategoryKey(std::string_view label, const BusinessCategories& existing) {
  std::string base;
  for (char c : label) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalnum(u)) base += static_cast<char>(std::tolower(u));
    else if (!base.empty() && base.back() != '_') base += '_';
  }
  while (!base.empty() && base.back() == '_') base.pop_back();
  if (base.empty()) base = "kategori";
  std::string key = base;
  for (int n = 2; existing.indexOfKey(key) >= 0; ++n) key = base + "_" + std::to_string(n);
  return key;
}

void to_json(nlohmann::json& j, const BusinessCategories& c) {
  j = nlohmann::json::object();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& cat : c.categories)
    list.push_back({{"key", cat.key}, {"label", cat.label}, {"keywords", cat.keywords}});
  j["categories"] = list;
  int fb = c.fallbackIndex();
  j["fallback"] = fb >= 0 ? c.categories[fb].key : std::string();
}

void from_json(const nlohmann::json& json, BusinessCategories& c) {
  const JsonReader j(json, {}, "business categories");
  BusinessCategories out;
  j.requireObject();
  const std::vector<JsonReader> list = j.has("categories") ? j.array("categories") : std::vector<JsonReader>{};
  if (list.empty()) j.fail("the list is empty");
  std::set<std::string> keys;
  for (const JsonReader& item : list) {
    BusinessCategory cat;
    item.requireObject();
    cat.key = item.string("key", "");
    cat.label = item.string("label", cat.key);
    if (cat.key.empty()) j.fail("a category has no key");
    if (!keys.insert(cat.key).second) j.fail("duplicate key '" + cat.key + "'");
    for (const JsonReader& k : item.optArray("keywords")) cat.keywords.push_back(k.asString());
    out.categories.push_back(std::move(cat));
  }
  std::string fallbackKey = j.string("fallback", "");
  out.fallback = fallbackKey.empty() ? -1 : out.indexOfKey(fallbackKey);
  if (!fallbackKey.empty() && out.fallback < 0) j.fail("fallback '" + fallbackKey + "' is not a category");
  c = std::move(out);
}

}  // namespace pk
