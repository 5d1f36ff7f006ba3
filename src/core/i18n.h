// One translation table for all GUI text: Bahasa Indonesia (default) and English.
// CLI messages, flags and CSV headers stay English and do not go through here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace pk {

enum class Language { Indonesian, English };

void setLanguage(Language language);
Language language();
// Text for `key` in the current language; the key itself if the table lacks it (tests catch that).
const char* tr(std::string_view key);
// Every key, for checking that both languages are complete.
std::vector<std::string_view> translationKeys();
const char* translate(std::string_view key, Language language);

// A number with the language's separators, for GUI text: Indonesian "1.245,06", English "1,245.06".
// Non-finite values give "-".
std::string formatNumber(double value, int decimals, Language language);
std::string formatNumber(double value, int decimals);  // current language

}  // namespace pk
