// Typed, checked access to a JSON document read from a file: every wrong type, missing key or
// out-of-range value becomes one error naming the key path (e.g. "layers[0].style.fill"), never a
// raw nlohmann type_error. Readers of project sections use it for every value they take.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pk {

// A bad value where the file is not known to the reader (a section read on its own): what() is
// "key.path: problem"; the caller that knows the file turns it into an InputError.
class JsonValueError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class JsonReader {
 public:
  // `file` empty: errors are JsonValueError; otherwise InputError(file, "key.path: problem").
  explicit JsonReader(const nlohmann::json& value, std::string file = {}, std::string path = {});

  const nlohmann::json& value() const { return *value_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  std::string pathOf(const std::string& key) const;
  bool has(const std::string& key) const;  // present and not null

  // Required keys: missing or of another type fails.
  std::string string(const std::string& key) const;
  double number(const std::string& key) const;  // finite
  long long integer(const std::string& key) const;
  bool boolean(const std::string& key) const;
  JsonReader object(const std::string& key) const;
  std::vector<JsonReader> array(const std::string& key) const;
  // Optional keys: absent or null gives the default; present with another type fails.
  std::string string(const std::string& key, const std::string& fallback) const;
  double number(const std::string& key, double fallback) const;
  long long integer(const std::string& key, long long fallback) const;
  bool boolean(const std::string& key, bool fallback) const;
  std::optional<JsonReader> optObject(const std::string& key) const;
  std::vector<JsonReader> optArray(const std::string& key) const;

  // This value itself.
  std::string asString() const;
  double asNumber() const;
  long long asInteger() const;
  bool asBoolean() const;
  std::vector<JsonReader> items() const;  // of an array
  void requireObject() const;

  // Fails at this value's path, or at a key below it.
  [[noreturn]] void fail(const std::string& problem) const;
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

 private:
  JsonReader child(const std::string& key) const;
  const nlohmann::json* value_;
  std::string file_, path_;
};

// Nesting depth of JSON text ([ and { not inside strings), without building a tree: deep input
// would overflow the stack of a recursive parser, copy or destructor.
int jsonNestingDepth(const std::string& text, int stopAbove);

}  // namespace pk
