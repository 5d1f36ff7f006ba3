#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/layer_io.h"
#include "core/name_matching.h"
#include "layer_fixtures.h"
#include "test_support.h"

using namespace pk;

namespace {

using pk::test::desaLayer;
using pk::test::kecamatanLayer;
using pk::test::utm;

std::string value(const Layer& layer, int feature, const char* field) {
  int f = layer.fieldIndex(field);
  REQUIRE(f >= 0);
  return layer.features[feature].values[f];
}

int featureWithCode(const Layer& layer, const std::string& code) {
  for (size_t i = 0; i < layer.features.size(); ++i)
    if (value(layer, int(i), "code") == code) return int(i);
  return -1;
}

}  // namespace

TEST_CASE("place names normalise across case, spaces, punctuation, prefixes and old spelling") {
  CHECK(normalisePlaceName("Cikalong Wetan") == "cikalongwetan");
  CHECK(normalisePlaceName("  KEC. CIKALONGWETAN ") == "cikalongwetan");
  CHECK(normalisePlaceName("Kecamatan Lembang") == "lembang");
  CHECK(normalisePlaceName("Kec Lembang") == "lembang");
  CHECK(normalisePlaceName("Desa Rajamandala-Kulon") == "rajamandalakulon");
  CHECK(normalisePlaceName("Kel. Cimareme") == "cimareme");
  CHECK(normalisePlaceName("Desa/Kelurahan Cipada") == "cipada");
  CHECK(normalisePlaceName("Tjikalong Wetan") == "cikalongwetan");
  CHECK(normalisePlaceName("Padalarang Djaja") == "padalarangjaja");
  // A prefix word alone is kept: it is all the planner wrote.
  CHECK(normalisePlaceName("Kec.") == "kec");
  CHECK(normalisePlaceName("") == "");
  CHECK(normalisePlaceName(" - ") == "");
}

TEST_CASE("codes with or without dots") {
  CHECK(looksLikePlaceCode("32.17.01"));
  CHECK(looksLikePlaceCode("3217120"));
  CHECK(looksLikePlaceCode("ID3217010"));
  CHECK_FALSE(looksLikePlaceCode("Lembang"));
  CHECK_FALSE(looksLikePlaceCode("Kec. 1"));
  CHECK(normalisePlaceCode("32.17.01") == "321701");
  CHECK(normalisePlaceCode(" 32.17.01.2001 ") == "3217012001");
  CHECK(normalisePlaceCode("ID3217010") == "3217010");
  CHECK(normalisePlaceCode("Lembang") == "");
}

TEST_CASE("edit distance and the loose rule") {
  CHECK(editDistance("campakamekar", "cempakamekar") == 1);
  CHECK(editDistance("sirnajaya", "sirnaraja") == 2);
  CHECK(editDistance("sirnajaja", "sirnaraja") == 1);
  CHECK(editDistance("abc", "abcdef", 2) == 3);
  CHECK(looselyEqualNames("campakamekar", "cempakamekar"));
  CHECK(looselyEqualNames("cipongkur", "cipongkor"));
  CHECK(looselyEqualNames("cipada", "cipadu"));                 // short: vowel-for-vowel only
  CHECK_FALSE(looselyEqualNames("cikadu", "cikandu"));          // short: no insertions
  CHECK_FALSE(looselyEqualNames("cipada", "cipata"));           // short: consonants must agree
  CHECK_FALSE(looselyEqualNames("jati", "jaty"));                // under five letters: exact only
}

TEST_CASE("no two different real kecamatan or desa names are loosely equal") {
  // Every spelling in the reference data (Kemendagri name and BPS name_bps), per feature.
  const Layer& desa = desaLayer();
  std::map<std::string, std::set<std::string>> codesOfName;  // normalised name -> desa codes
  for (size_t i = 0; i < desa.features.size(); ++i) {
    std::string code = value(desa, int(i), "code");
    if (code.empty()) continue;  // the reservoir sliver
    codesOfName[normalisePlaceName(value(desa, int(i), "name"))].insert(code);
    codesOfName[normalisePlaceName(value(desa, int(i), "name_bps"))].insert(code);
  }
  int loosePairs = 0;
  for (auto a = codesOfName.begin(); a != codesOfName.end(); ++a)
    for (auto b = std::next(a); b != codesOfName.end(); ++b)
      if (looselyEqualNames(a->first, b->first)) {
        ++loosePairs;
        INFO(a->first << " ~ " << b->first);
        CHECK(a->second == b->second);  // only spellings of the same desa may be loosely equal
      }
  CHECK(loosePairs == 1);  // Campaka Mekar / Cempakamekar
  const Layer& kec = kecamatanLayer();
  for (size_t i = 0; i < kec.features.size(); ++i)
    for (size_t j = i + 1; j < kec.features.size(); ++j)
      CHECK_FALSE(looselyEqualNames(normalisePlaceName(kec.featureName(i)), normalisePlaceName(kec.featureName(j))));
}

TEST_CASE("kecamatan layer: names, prefixes, split words, Kemendagri and BPS codes") {
  const Layer& kec = kecamatanLayer();
  PlaceMatcher matcher(kec);
  CHECK_FALSE(matcher.isDesaLevel());
  for (size_t i = 0; i < kec.features.size(); ++i) {
    const std::string name = kec.featureName(i);
    const std::string code = value(kec, int(i), "code");
    const std::string bps = value(kec, int(i), "bps_code");
    INFO(name);
    CHECK(matcher.match({name, {}, {}, {}}).feature == int(i));
    CHECK(matcher.match({"Kec. " + name, {}, {}, {}}).feature == int(i));
    CHECK(matcher.match({"KECAMATAN " + name, {}, {}, {}}).feature == int(i));
    CHECK(matcher.match({code, {}, {}, {}}).feature == int(i));
    CHECK(matcher.match({{}, {}, normalisePlaceCode(code), {}}).feature == int(i));
    CHECK(matcher.match({bps, {}, {}, {}}).feature == int(i));
  }
  const int lembang = featureWithCode(kec, "32.17.01"), rongga = featureWithCode(kec, "32.17.13");
  const int cikalong = featureWithCode(kec, "32.17.04"), gunung = featureWithCode(kec, "32.17.15");
  // BPS 3217010 is Rongga, not Kemendagri 32.17.01 Lembang: codes go through the layer's fields.
  CHECK(matcher.match({"3217010", {}, {}, {}}).feature == rongga);
  CHECK(matcher.match({"32.17.01", {}, {}, {}}).feature == lembang);
  CHECK(matcher.match({"Cikalong Wetan", {}, {}, {}}).feature == cikalong);
  CHECK(matcher.match({"Gunung Halu", {}, {}, {}}).feature == gunung);
  PlaceMatch loose = matcher.match({"Kec. Cipongkur", {}, {}, {}});
  CHECK(loose.feature == featureWithCode(kec, "32.17.12"));
  CHECK(loose.kind == MatchKind::LooseName);
  // Unknown names and codes.
  PlaceMatch cimahi = matcher.match({"Cimahi", {}, {}, {}});
  CHECK(cimahi.feature == -1);
  CHECK(cimahi.failure == MatchFailure::UnknownKecamatan);
  CHECK(cimahi.detail == "kecamatan 'Cimahi' not found");
  CHECK(matcher.match({"32.17.17", {}, {}, {}}).failure == MatchFailure::UnknownKecamatan);
  // The kecamatan part of a desa code: dotted Kemendagri, undotted Kemendagri, BPS.
  const int sindangkerta = featureWithCode(kec, "32.17.14");
  CHECK(matcher.match({{}, {}, {}, "32.17.14.2003"}).feature == sindangkerta);
  CHECK(matcher.match({{}, {}, {}, "3217142003"}).feature == sindangkerta);
  CHECK(matcher.match({{}, {}, {}, "3217030004"}).feature == sindangkerta);
  // Undotted, 3217071005 reads as BPS Jati (Saguling) and as Kemendagri 32.17.07.1005 (Cipatat).
  CHECK(matcher.match({{}, {}, {}, "3217071005"}).failure == MatchFailure::Ambiguous);
  // A desa alone cannot place on a kecamatan layer; nothing at all is "no location".
  CHECK(matcher.match({{}, "Cikole", {}, {}}).failure == MatchFailure::NeedsKecamatan);
  CHECK(matcher.match({{}, {}, {}, {}}).failure == MatchFailure::NoLocation);
  CHECK(matcher.match({"  ", "", "", ""}).failure == MatchFailure::NoLocation);
}

TEST_CASE("desa layer: every desa by either spelling and by both codes, scoped by kecamatan") {
  const Layer& desa = desaLayer();
  PlaceMatcher matcher(desa);
  CHECK(matcher.isDesaLevel());
  int checked = 0;
  for (size_t i = 0; i < desa.features.size(); ++i) {
    const std::string code = value(desa, int(i), "code");
    if (code.empty()) continue;
    const std::string name = value(desa, int(i), "name"), bpsName = value(desa, int(i), "name_bps");
    const std::string kec = value(desa, int(i), "kecamatan"), kecCode = value(desa, int(i), "kec_code");
    const std::string kecBps = value(desa, int(i), "kec_bps"), bps = value(desa, int(i), "bps_code");
    INFO(name << " / " << bpsName << " in " << kec);
    CHECK(matcher.match({kec, name, {}, {}}).feature == int(i));
    CHECK(matcher.match({"Kec. " + kec, "Desa " + bpsName, {}, {}}).feature == int(i));
    CHECK(matcher.match({kecCode, bpsName, {}, {}}).feature == int(i));
    CHECK(matcher.match({kecBps, name, {}, {}}).feature == int(i));
    CHECK(matcher.match({{}, {}, {}, code}).feature == int(i));
    CHECK(matcher.match({{}, {}, {}, bps}).feature == int(i));
    CHECK(matcher.match({{}, normalisePlaceCode(code), {}, {}}).feature == int(i));
    ++checked;
  }
  CHECK(checked == 165);
}

TEST_CASE("desa names never match a different real desa") {
  const Layer& desa = desaLayer();
  PlaceMatcher matcher(desa);
  std::set<std::string> kecamatans;
  for (size_t i = 0; i < desa.features.size(); ++i) kecamatans.insert(value(desa, int(i), "kecamatan"));
  CHECK(kecamatans.size() == 16);
  auto spellings = [&](int f) {
    return std::set<std::string>{normalisePlaceName(value(desa, f, "name")),
                                 normalisePlaceName(value(desa, f, "name_bps"))};
  };
  int wrong = 0, sameNameElsewhere = 0;
  for (size_t i = 0; i < desa.features.size(); ++i) {
    if (value(desa, int(i), "code").empty()) continue;
    for (const std::string field : {"name", "name_bps"}) {
      const std::string name = value(desa, int(i), field.c_str());
      // Unscoped: the right desa, or "ambiguous" where another kecamatan has the same name.
      PlaceMatch any = matcher.match({{}, name, {}, {}});
      if (any.ok()) CHECK(any.feature == int(i));
      else CHECK(any.failure == MatchFailure::Ambiguous);
      // Scoped to every other kecamatan: only a desa of the very same name may answer.
      for (const auto& kec : kecamatans) {
        if (kec == value(desa, int(i), "kecamatan")) continue;
        PlaceMatch m = matcher.match({kec, name, {}, {}});
        if (!m.ok()) continue;
        if (spellings(m.feature).count(normalisePlaceName(name))) ++sameNameElsewhere;
        else ++wrong;
      }
    }
  }
  CHECK(wrong == 0);
  CHECK(sameNameElsewhere > 0);  // Cipada, Mekarjaya, Girimukti ... exist in two kecamatan
}

TEST_CASE("desa layer: ambiguity, spelling variants and missing parts") {
  const Layer& desa = desaLayer();
  PlaceMatcher matcher(desa);
  const int cipadaCisarua = featureWithCode(desa, "32.17.03.2005");
  const int cipadaCikalong = featureWithCode(desa, "32.17.04.2003");
  PlaceMatch cipada = matcher.match({{}, "Cipada", {}, {}});
  CHECK(cipada.failure == MatchFailure::Ambiguous);
  CHECK(cipada.detail == "desa 'Cipada' fits 2 features");
  CHECK(matcher.match({"Cisarua", "Cipada", {}, {}}).feature == cipadaCisarua);
  CHECK(matcher.match({"Cikalong Wetan", "CIPADA", {}, {}}).feature == cipadaCikalong);
  CHECK(matcher.match({"32.17.04", "Cipada", {}, {}}).feature == cipadaCikalong);
  // BPS and Kemendagri spellings of Campaka Mekar, and a one-letter typo scoped to its kecamatan.
  int campakaMekar = -1;
  for (size_t i = 0; i < desa.features.size(); ++i)
    if (value(desa, int(i), "name") == "Campaka Mekar") campakaMekar = int(i);
  REQUIRE(campakaMekar >= 0);
  CHECK(matcher.match({"Padalarang", "Cempakamekar", {}, {}}).feature == campakaMekar);
  CHECK(matcher.match({"Padalarang", "Cempaka Mekar", {}, {}}).feature == campakaMekar);
  CHECK(matcher.match({"Padalarang", "campakamekar", {}, {}}).feature == campakaMekar);
  // "Sirnajaja" is one letter from Sirnajaya (Gununghalu) and Sirnaraja (Cipeundeuy): never a guess
  // without the kecamatan, the right one with it.
  CHECK(matcher.match({{}, "Sirnajaja", {}, {}}).failure == MatchFailure::Ambiguous);
  PlaceMatch scoped = matcher.match({"Cipeundeuy", "Sirnajaja", {}, {}});
  REQUIRE(scoped.ok());
  CHECK(value(desa, scoped.feature, "name") == "Sirnaraja");
  CHECK(scoped.kind == MatchKind::LooseName);
  // A desa not in the named kecamatan.
  PlaceMatch wrongKec = matcher.match({"Lembang", "Cililin", {}, {}});
  CHECK(wrongKec.failure == MatchFailure::UnknownDesa);
  CHECK(wrongKec.detail == "desa 'Cililin' not found in kecamatan 'Lembang'");
  // Kecamatan only, on a desa layer.
  CHECK(matcher.match({"Lembang", {}, {}, {}}).failure == MatchFailure::NeedsDesa);
  // An unknown kecamatan with a desa name found nowhere reports the kecamatan.
  PlaceMatch unknown = matcher.match({"Cimahi Utara", "Cibabat", {}, {}});
  CHECK(unknown.failure == MatchFailure::UnknownKecamatan);
  CHECK(unknown.detail == "kecamatan 'Cimahi Utara' not found");
  // An unknown kecamatan with a desa name that exists once still places (the desa is stronger).
  CHECK(matcher.match({"Cimahi", "Jambudipa", {}, {}}).feature == featureWithCode(desa, "32.17.03.2001"));
}
