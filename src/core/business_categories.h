// Business categories of ProKUS micro businesses, and the keyword rules that map the free text of a
// list's business-type column ("Comring", "warung sembako", "jahit") to them. Editable; saved in
// the project file.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace pk {

struct BusinessCategory {
  std::string key;                    // stable id: "makanan_minuman"
  std::string label;                  // shown (Bahasa Indonesia): "Makanan dan minuman"
  std::vector<std::string> keywords;  // lower case; matched in the lower-cased text
};

class BusinessCategories {
 public:
  // The default list: makanan dan minuman, warung/toko kelontong, kerajinan, pertanian dan
  // peternakan, jasa, fashion/konveksi, lainnya (the fallback, last).
  static BusinessCategories defaults();

  std::vector<BusinessCategory> categories;
  // Index of the category for text no keyword fits (and for empty text); -1 = the last category.
  int fallback = -1;

  int fallbackIndex() const;
  int indexOfKey(std::string_view key) const;  // -1 if absent
  // The category of a free-text business type. The longest matching keyword wins (so "warung
  // makan" is food, "warung" alone a shop); ties go to the earlier category. Keywords of three
  // letters or fewer must start a word ("es teh" yes, "kues" no); longer ones may sit inside a word
  // ("menjahit" contains "jahit").
  int categorise(std::string_view businessType) const;
};

// ---- editing (the business categories window) ----

// Keywords as a planner types them ("Warung Makan, sembako; jahit"): split at commas, semicolons and
// line breaks, trimmed, lower case, empties and repeats dropped, in the order typed.
std::vector<std::string> parseKeywordList(std::string_view text);
std::string joinKeywords(const std::vector<std::string>& keywords);  // "warung makan, sembako, jahit"
// A stable key for a new category from its label ("Bengkel & Las" -> "bengkel_las"), unique in
// `existing` (a "_2", "_3" suffix when taken; "kategori" when the label has no letter or digit).
std::string newCategoryKey(std::string_view label, const BusinessCategories& existing);

void to_json(nlohmann::json& j, const BusinessCategories& categories);
// Throws std::runtime_error on a malformed list (no categories, empty key, duplicate key).
void from_json(const nlohmann::json& j, BusinessCategories& categories);

}  // namespace pk
