#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/business_categories.h"

using namespace pk;

namespace {
std::string keyOf(const BusinessCategories& c, const std::string& text) {
  return c.categories[c.categorise(text)].key;
}
}  // namespace

TEST_CASE("the default list fits ProKUS micro businesses") {
  BusinessCategories c = BusinessCategories::defaults();
  std::vector<std::string> keys;
  for (const auto& cat : c.categories) keys.push_back(cat.key);
  CHECK(keys == std::vector<std::string>{"makanan_minuman", "warung_kelontong", "kerajinan", "pertanian_peternakan",
                                         "jasa", "fashion_konveksi", "lainnya"});
  CHECK(c.fallbackIndex() == 6);
  CHECK(c.categories[0].label == "Makanan dan minuman");
}

TEST_CASE("free text maps to categories by keywords") {
  BusinessCategories c = BusinessCategories::defaults();
  CHECK(keyOf(c, "Comring") == "makanan_minuman");
  CHECK(keyOf(c, "Keripik singkong") == "makanan_minuman");
  CHECK(keyOf(c, "TEH TARIK") == "makanan_minuman");
  CHECK(keyOf(c, "es teh manis") == "makanan_minuman");
  CHECK(keyOf(c, "Warung") == "warung_kelontong");
  CHECK(keyOf(c, "warung sembako") == "warung_kelontong");
  CHECK(keyOf(c, "Warung makan") == "makanan_minuman");  // the longer keyword wins
  CHECK(keyOf(c, "Jahit") == "fashion_konveksi");
  CHECK(keyOf(c, "menjahit pakaian") == "fashion_konveksi");
  CHECK(keyOf(c, "Ternak Domba") == "pertanian_peternakan");
  CHECK(keyOf(c, "budidaya jamur tiram") == "pertanian_peternakan");
  CHECK(keyOf(c, "ikan asin") == "makanan_minuman");  // equal length: the earlier category
  CHECK(keyOf(c, "kolam ikan") == "pertanian_peternakan");
  CHECK(keyOf(c, "ternak ayam") == "pertanian_peternakan");
  CHECK(keyOf(c, "ayam geprek") == "makanan_minuman");
  CHECK(keyOf(c, "kebun kopi") == "pertanian_peternakan");
  CHECK(keyOf(c, "kopi keliling") == "makanan_minuman");
  CHECK(keyOf(c, "anyaman bambu") == "kerajinan");
  CHECK(keyOf(c, "Bengkel motor") == "jasa");
  CHECK(keyOf(c, "pangkas rambut") == "jasa");
  // Short keywords only as whole words: "es" is not in "estetika", "tas" not in "batas".
  CHECK(keyOf(c, "estetika") == "lainnya");
  CHECK(keyOf(c, "batas") == "lainnya");
  CHECK(keyOf(c, "") == "lainnya");
  CHECK(keyOf(c, "lain-lain") == "lainnya");
}

TEST_CASE("the list is editable and round-trips through the project file") {
  BusinessCategories c = BusinessCategories::defaults();
  // A planner adds a keyword and a category.
  c.categories[2].keywords.push_back("wayang golek");
  c.categories.insert(c.categories.end() - 1, BusinessCategory{"digital", "Usaha digital", {"online", "reseller"}});
  c.fallback = int(c.categories.size()) - 1;
  CHECK(keyOf(c, "Wayang Golek") == "kerajinan");
  CHECK(keyOf(c, "reseller online") == "digital");
  nlohmann::json j = c;
  CHECK(j["fallback"] == "lainnya");
  BusinessCategories back = j.get<BusinessCategories>();
  REQUIRE(back.categories.size() == 8);
  CHECK(back.categories[6].key == "digital");
  CHECK(back.categories[6].keywords == std::vector<std::string>{"online", "reseller"});
  CHECK(back.fallbackIndex() == 7);
  CHECK(keyOf(back, "reseller online") == "digital");
  CHECK(keyOf(back, "Wayang Golek") == "kerajinan");
  CHECK_THROWS_WITH(nlohmann::json::parse(R"({"categories":[]})").get<BusinessCategories>(),
                    "business categories: the list is empty");
  CHECK_THROWS_WITH(
      nlohmann::json::parse(R"({"categories":[{"key":"a"},{"key":"a"}]})").get<BusinessCategories>(),
      "business categories: duplicate key 'a'");
  CHECK_THROWS_WITH(
      nlohmann::json::parse(R"({"categories":[{"key":"a"}],"fallback":"b"})").get<BusinessCategories>(),
      "business categories: fallback 'b' is not a category");
}

TEST_CASE("keywords as typed in the editor, and keys for new categories") {
  CHECK(parseKeywordList(" Warung Makan, sembako;jahit\n\n, SEMBAKO ,") ==
        std::vector<std::string>{"warung makan", "sembako", "jahit"});
  CHECK(parseKeywordList("  ,; ").empty());
  CHECK(joinKeywords({"warung makan", "sembako"}) == "warung makan, sembako");
  CHECK(parseKeywordList(joinKeywords({"a b", "c"})) == std::vector<std::string>{"a b", "c"});

  BusinessCategories c = BusinessCategories::defaults();
  CHECK(newCategoryKey("Bengkel & Las", c) == "bengkel_las");
  CHECK(newCategoryKey("  ---  ", c) == "kategori");
  CHECK(newCategoryKey("Jasa", c) == "jasa_2");  // the default list has "jasa"
  c.categories.push_back({"jasa_2", "Jasa lain", {}});
  CHECK(newCategoryKey("jasa", c) == "jasa_3");
  // A keyword added in the editor takes effect: "bengkel las" moves from jasa to the new category.
  const int before = c.categorise("bengkel las");
  c.categories.insert(c.categories.begin(), {newCategoryKey("Bengkel & Las", c), "Bengkel & las",
                                             parseKeywordList("bengkel las, las karbit")});
  CHECK(c.categories[c.categorise("bengkel las")].key == "bengkel_las");
  CHECK(c.categorise("bengkel las") != before + 1);  // not where it was (indices moved by one)
}
