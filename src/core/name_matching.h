// Tolerant matching of kecamatan/desa names and codes, as planners write them, to the features of
// the boundary layer: case, spaces, punctuation, "Kec."/"Desa"/"Kelurahan" prefixes, words split or
// joined ("Cikalong Wetan" = "Cikalongwetan"), one-letter spelling differences ("Campaka Mekar" =
// "Cempakamekar") when unambiguous, old spelling (tj/dj/oe), and codes with or without dots in both
// the Kemendagri (32.17.01) and BPS (3217120) systems as far as the layer carries them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pk {

struct Layer;

// Lower-case ASCII letters and digits only, administrative prefixes removed, old spelling
// modernised: "Kec. Cikalong Wetan" -> "cikalongwetan", "Desa Tjempaka-Mekar" -> "cempakamekar".
std::string normalisePlaceName(std::string_view name);
// True when the text is a code: digits with optional dots, spaces, dashes or a leading "ID".
bool looksLikePlaceCode(std::string_view text);
// Digits of a code: "32.17.01" -> "321701", "ID3217010" -> "3217010"; "" when not a code.
std::string normalisePlaceCode(std::string_view text);
// Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`.
int editDistance(std::string_view a, std::string_view b, int limit = 2);
// The loose rule on normalised names: both at least 5 letters and at most one edit apart.
bool looselyEqualNames(std::string_view normalisedA, std::string_view normalisedB);

enum class MatchKind : std::uint8_t { Code, Name, LooseName };
enum class MatchFailure : std::uint8_t {
  None,
  NoLocation,        // neither name nor code given
  UnknownKecamatan,  // kecamatan name/code not found
  UnknownDesa,       // desa name/code not found (within the kecamatan when given)
  Ambiguous,         // fits more than one feature (e.g. a desa name used in two kecamatan)
  NeedsKecamatan,    // only a desa given, but the boundary layer is kecamatan-level
  NeedsDesa,         // only a kecamatan given, but the boundary layer is desa-level
};
const char* matchFailureText(MatchFailure failure);  // English, e.g. "unknown kecamatan"

struct PlaceMatch {
  int feature = -1;
  MatchKind kind = MatchKind::Name;
  MatchFailure failure = MatchFailure::NoLocation;
  std::string detail;  // English, with the location text only, e.g. "kecamatan 'Cimahi' not found"
  bool ok() const { return feature >= 0; }
};

// What a row says about its place. Any field may be empty; kecamatan/desa may also hold codes.
struct PlaceQuery {
  std::string_view kecamatan, desa, kecamatanCode, desaCode;
};

class PlaceMatcher {
 public:
  PlaceMatcher() = default;
  // Reads the layer's name and code fields (its nameField/codeField and recognised ones such as
  // name_bps, bps_code, WADMKD, KDEPUM, ADM3_PCODE). In a desa layer, fields whose values repeat over
  // many features (kecamatan, kec_code, kec_bps, WADMKC, KDCPUM) scope desa names to their kecamatan.
  explicit PlaceMatcher(const Layer& layer);

  bool isDesaLevel() const { return desaLevel_; }
  size_t featureCount() const { return featureCount_; }

  // The feature for a row: on a kecamatan layer by kecamatan name/code (or the kecamatan part of a
  // desa code); on a desa layer by desa code, or desa name within the kecamatan when known.
  PlaceMatch match(const PlaceQuery& query) const;
  // One name or code against the layer's own features, optionally among `scope` only.
  PlaceMatch matchFeature(std::string_view nameOrCode, const std::vector<int>* scope = nullptr) const;
  // Desa layer: every desa of the kecamatan the query names (by kecamatan code, else name), for
  // joining a per-kecamatan table; empty when it names none. `field` receives the layer's field the
  // kecamatan matched in (e.g. "kec_code").
  std::vector<int> desaOfKecamatan(const PlaceQuery& query, std::string* field = nullptr) const;

 private:
  using Index = std::unordered_map<std::string, std::vector<int>>;
  PlaceMatch matchIn(const Index& names, const Index& codes, std::string_view text,
                     const std::vector<int>* scope, MatchFailure notFound, const char* what) const;
  PlaceMatch matchKecamatanByDesaCode(std::string_view desaCode) const;
  bool parentScope(std::string_view text, std::vector<int>& scope, PlaceMatch& failure,
                   std::string* field = nullptr) const;

  size_t featureCount_ = 0;
  bool desaLevel_ = false;
  Index names_, codes_;              // the features' own names and codes
  Index parentNames_, parentCodes_;  // desa layer: their kecamatan's names and codes
  // The layer field each parent key came from (first seen), keyed "n:" + name or "c:" + code.
  std::unordered_map<std::string, std::string> parentFieldOfKey_;
  std::vector<size_t> ownCodeLengths_;  // digit counts of own codes (e.g. 6 and 7 for kecamatan)
};

}  // namespace pk
