// Character-level repairs: invalid UTF-8, byte order mark, mojibake, HTML entities, invisible
// characters, NFC.
#include <libxml/HTMLparser.h>
#include <unicode/normalizer2.h>
#include <unicode/unorm2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "edit_layer.h"
#include "repair.h"

namespace unspin::internal {
namespace {

struct CodePoint {
  UChar32 value;
  size_t start, end;  // byte range
};

std::vector<CodePoint> Decode(std::string_view text) {
  std::vector<CodePoint> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    out.push_back({c, static_cast<size_t>(start), static_cast<size_t>(i)});
  }
  return out;
}

std::string Encode(UChar32 c) {
  char buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, 4, c, error);
  return error ? std::string() : std::string(buffer, static_cast<size_t>(length));
}

std::string Hex(UChar32 c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
  return buffer;
}

// Windows-1252 as ICU defines it, reversed: code point -> byte. Bytes ICU leaves undefined in
// Windows-1252 (0x81, 0x8D, ...) and all of 0x80-0x9F as C1 controls come from Latin-1.
const std::unordered_map<UChar32, uint8_t>& Cp1252Bytes() {
  static const auto* table = [] {
    auto* map = new std::unordered_map<UChar32, uint8_t>;
    for (int byte = 0x80; byte <= 0xFF; ++byte) (*map)[byte] = static_cast<uint8_t>(byte);  // Latin-1
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open("windows-1252", &status);
    if (U_SUCCESS(status)) {
      for (int byte = 0x80; byte <= 0x9F; ++byte) {
        const char in = static_cast<char>(byte);
        UChar out[4];
        status = U_ZERO_ERROR;
        const int32_t n = ucnv_toUChars(converter, out, 4, &in, 1, &status);
        if (U_SUCCESS(status) && n == 1 && out[0] != 0xFFFD && out[0] != 0x1A) (*map)[out[0]] = static_cast<uint8_t>(byte);
      }
      ucnv_close(converter);
    }
    return map;
  }();
  return *table;
}

int ByteOf(UChar32 c) {
  const auto& table = Cp1252Bytes();
  auto it = table.find(c);
  return it == table.end() ? -1 : it->second;
}

// Mojibake only ever turns into these: Latin letters, punctuation, currency, symbols, emoji.
// Anything else (Syriac from "Ü’", say) means the "mojibake" was real text.
bool PlausibleRepair(UChar32 c) {
  return (c >= 0x80 && c <= 0x9F) ||  // only in between: double encoding via Latin-1 leaves C1 controls
          (c >= 0xA0 && c <= 0x24F) || (c >= 0x2000 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) ||
         (c >= 0x2100 && c <= 0x214F) || (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x1F000 && c <= 0x1FAFF) ||
         (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x4FF);
}

// One pass: every "lead + continuation" run of Windows-1252 characters that spells a UTF-8
// sequence is decoded. Returns true when something changed.
bool UndoMojibakeOnce(const std::string& in, std::string* out) {
  const std::vector<CodePoint> cps = Decode(in);
  out->clear();
  bool changed = false;
  size_t i = 0;
  while (i < cps.size()) {
    const int lead = ByteOf(cps[i].value);
    const int continuation_count = lead >= 0xF0 && lead <= 0xF4 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC2 ? 1 : 0;
    if (lead >= 0xC2 && lead <= 0xF4 && i + static_cast<size_t>(continuation_count) < cps.size()) {
      uint8_t bytes[4] = {static_cast<uint8_t>(lead), 0, 0, 0};
      bool all = true;
      for (int k = 1; k <= continuation_count && all; ++k) {
        const int byte = ByteOf(cps[i + static_cast<size_t>(k)].value);
        all = byte >= 0x80 && byte <= 0xBF;
        bytes[k] = static_cast<uint8_t>(byte);
      }
      if (all) {
        int32_t index = 0;
        UChar32 decoded;
        U8_NEXT(bytes, index, continuation_count + 1, decoded);
        if (decoded >= 0 && index == continuation_count + 1 && PlausibleRepair(decoded)) {
          out->append(Encode(decoded));
          i += static_cast<size_t>(continuation_count) + 1;
          changed = true;
          continue;
        }
      }
    }
    out->append(in, cps[i].start, cps[i].end - cps[i].start);
    ++i;
  }
  return changed;
}

// The code point at byte `i` (advancing `i`), or a negative value for ill-formed bytes.
UChar32 NextCodePoint(std::string_view text, size_t* i) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t index = static_cast<int32_t>(*i);
  UChar32 c;
  U8_NEXT(s, index, static_cast<int32_t>(text.size()), c);
  *i = static_cast<size_t>(index);
  return c;
}

void FindMojibake(std::string_view text, std::vector<Change>* changes) {
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // most text: skip ASCII without decoding
      ++i;
      continue;
    }
    // A candidate run: consecutive non-ASCII characters that all have a Windows-1252 byte.
    const size_t start = i;
    size_t end = i;
    while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80) {
      size_t next = end;
      const UChar32 c = NextCodePoint(text, &next);
      if (c < 0x80 || ByteOf(c) < 0) break;
      end = next;
    }
    if (end == start) {  // a non-ASCII character outside Windows-1252: step over it
      NextCodePoint(text, &i);
      continue;
    }
    std::string current(text.substr(start, end - start)), next;
    int passes = 0;
    while (passes < 3 && UndoMojibakeOnce(current, &next)) {
      current.swap(next);
      ++passes;
    }
    bool control_left = false;
    for (const CodePoint& cp : Decode(current)) control_left = control_left || (cp.value >= 0x80 && cp.value <= 0x9F);
    if (passes > 0 && !control_left) {
      changes->push_back(MakeRepair(text, start, end, current, passes > 1 ? 0.95 : 0.97, "repair.mojibake",
                                    "encoding",
                                    passes > 1 ? "UTF-8 read as Windows-1252 twice (double-encoded)"
                                               : "UTF-8 read as Windows-1252/Latin-1"));
    }
    i = end;
  }
}

// The entity whose name starts at text[from] (just after a '&'): its value and the end of its
// ';'. Named ones as libxml2's HTML parser knows them.
std::optional<std::pair<UChar32, size_t>> EntityAt(std::string_view text, size_t from, std::string* name) {
  // Only as far as the longest entity: a long run of '&' must not scan to the end each time.
  const size_t semicolon = text.substr(0, from + 33).find(';', from);
  if (semicolon == std::string_view::npos || semicolon == from) return std::nullopt;
  *name = std::string(text.substr(from, semicolon - from));
  UChar32 value = -1;
  if ((*name)[0] == '#') {
    const bool hex = name->size() > 1 && ((*name)[1] == 'x' || (*name)[1] == 'X');
    const std::string digits = name->substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7 ||
        digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos) {
      return std::nullopt;
    }
    value = static_cast<UChar32>(std::stol(digits, nullptr, hex ? 16 : 10));
    // "&#146;" is Windows-1252's byte for a right quote, as many old pages wrote it.
    if (value >= 0x80 && value <= 0x9F) {
      for (const auto& [code_point, byte] : Cp1252Bytes()) {
        if (byte == value && code_point > 0xFF) value = code_point;
      }
    }
  } else {
    if (name->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != std::string::npos) {
      return std::nullopt;
    }
    const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name->c_str()));
    if (entity == nullptr) return std::nullopt;
    value = static_cast<UChar32>(entity->value);
  }
  if (value <= 0 || value > 0x10FFFF || U_IS_SURROGATE(value) || (value < 0x20 && value != '\t' && value != '\n')) {
    return std::nullopt;
  }
  return std::pair{value, semicolon + 1};
}

// "&amp;" "&#8217;" "&#x2019;" "&nbsp;". An entity escaped again ("&amp;lt;", "&amp;amp;amp;") is
// decoded through every level in one change: decoding one level a pass would leave "&lt;" in
// the output for the next run to decode (cleaning must be idempotent).
void FindEntities(std::string_view text, std::vector<Change>* changes) {
  std::string name, inner_name;
  for (size_t amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', amp + 1)) {
    auto entity = EntityAt(text, amp + 1, &name);
    if (!entity) continue;
    int levels = 1;
    while (entity->first == '&') {
      auto inner = EntityAt(text, entity->second, &inner_name);
      if (!inner) break;
      entity = inner;
      name = inner_name;
      ++levels;
    }
    const auto [value, end] = *entity;
    // A no-break space in running text is a space.
    const std::string after = value == 0xA0 ? std::string(" ") : Encode(value);
    changes->push_back(MakeRepair(text, amp, end, after, 0.97, "repair.html-entity", "encoding",
                                  "HTML entity &" + name + "; is " + Hex(value) +
                                      (levels > 1 ? " (escaped " + std::to_string(levels) + " times)" : "")));
    amp = end - 1;
  }
}

bool IsLetter(UChar32 c) { return c >= 0 && u_isalpha(c); }
bool IsLatinLetter(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return IsLetter(c) && uscript_getScript(c, &status) == USCRIPT_LATIN;
}

bool IsInvisible(UChar32 c) { return c == 0x200B || c == 0x2060 || c == 0xFEFF || c == 0x00AD; }

void FindInvisible(std::string_view text, std::vector<Change>* changes) {
  UChar32 previous = -1;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const UChar32 c = static_cast<unsigned char>(text[i]) < 0x80 ? text[i++] : NextCodePoint(text, &i);
    const bool joiner = c == 0x200C || c == 0x200D;  // meaningful in Indic, Arabic, emoji: Latin only
    if (IsInvisible(c) || joiner) {
      // Look past a run of invisibles to the letter after it.
      size_t j = i;
      UChar32 next = -1;
      while (j < text.size() && (next = NextCodePoint(text, &j), IsInvisible(next))) {
      }
      const bool inside_word = joiner ? IsLatinLetter(previous) && IsLatinLetter(next)
                                      : IsLetter(previous) && IsLetter(next);
      if (inside_word && start > 0) {
        changes->push_back(MakeRepair(text, start, i, "", 0.95, "repair.invisible-character", "encoding",
                                      Hex(c) + " inside a word"));
        continue;  // `previous` stays the letter before the invisible one
      }
    }
    previous = c;
  }
}

// NFC, but only where something was decomposed: a segment (a starter and what follows it) is
// normalized when it holds a mark that may compose with what precedes it (NFC quick check
// "maybe": accents, Hangul vowels and final consonants, the nukta). Characters NFC replaces
// although nothing was decomposed (quick check "no": CJK compatibility ideographs, U+0958-U+095F,
// U+FB1D, the Ohm and Angstrom signs) are text as written: they stay, and only the text on
// either side of them is normalized.
void FindUnnormalized(std::string_view text, std::vector<Change>* changes) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return;
  size_t segment = 0;
  bool composable = false;  // the segment has a mark that may compose with what precedes it
  auto flush = [&](size_t end) {
    if (!composable || end <= segment) return;
    const std::string_view piece = text.substr(segment, end - segment);
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size())));
    UErrorCode error = U_ZERO_ERROR;
    std::string normalized;
    nfc->normalize(u, error).toUTF8String(normalized);
    if (U_FAILURE(error) || normalized == piece) return;
    changes->push_back(MakeRepair(text, segment, end, normalized, 0.99, "repair.nfc", "encoding",
                                  "Unicode normalization form C (composed characters)"));
  };
  auto start_segment = [&](size_t at) {
    segment = at;
    composable = false;
  };
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII starts a segment and is always NFC
      flush(start);
      start_segment(start);
      ++i;
      continue;
    }
    const UChar32 c = NextCodePoint(text, &i);
    if (c < 0) continue;
    const auto quick_check = static_cast<UNormalizationCheckResult>(u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK));
    if (quick_check == UNORM_NO) {  // kept as written: the segments on either side are apart
      flush(start);
      start_segment(i);
      continue;
    }
    if (nfc->hasBoundaryBefore(c)) {
      flush(start);
      start_segment(start);
    }
    composable = composable || quick_check == UNORM_MAYBE;
  }
  flush(text.size());
}

}  // namespace

void ReplaceInvalidUtf8(std::string_view text, std::vector<Change>* changes) {
  // Ill-formed sequences less than this many bytes apart make one change: binary input is
  // mostly such runs, and one change per bad byte cost hundreds of bytes each.
  constexpr size_t kJoinWithin = 8;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  size_t start = 0, end = 0, sequences = 0;  // the run being built: text[start, end)
  std::string after;
  auto flush = [&] {
    if (sequences == 0) return;
    changes->push_back(MakeRepair(text, start, end, std::move(after), 1.0, "repair.invalid-utf8", "encoding",
                                  std::to_string(sequences) + " ill-formed UTF-8 sequence" +
                                      (sequences > 1 ? "s" : "") + " replaced by U+FFFD (--encoding-errors replace)"));
    after.clear();
    sequences = 0;
  };
  for (int32_t i = 0; i < length;) {
    if (s[i] < 0x80) {  // ASCII fast path
      ++i;
      continue;
    }
    const size_t from = static_cast<size_t>(i);
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0) continue;
    if (sequences > 0 && from - end >= kJoinWithin) flush();
    if (sequences == 0) start = end = from;
    after.append(text.substr(end, from - end));  // the well-formed bytes in between stay
    after.append("\xEF\xBF\xBD");
    end = static_cast<size_t>(i);
    ++sequences;
  }
  flush();
}

void RepairCharacters(std::string_view text, uint32_t families, std::vector<Change>* changes) {
  std::vector<Change> found;
  if ((families & kRepairEncoding) && text.starts_with("\xEF\xBB\xBF")) {
    found.push_back(MakeRepair(text, 0, 3, "", 0.99, "repair.bom", "encoding", "byte order mark at the start"));
  }
  if (families & kRepairEncoding) FindMojibake(text, &found);
  if (families & kRepairEntities) FindEntities(text, &found);
  if (families & kRepairInvisible) FindInvisible(text, &found);
  if (families & kRepairNormalize) FindUnnormalized(text, &found);
  // Different detectors may claim the same bytes; the repair that starts first keeps them.
  std::stable_sort(found.begin(), found.end(), [](const Change& a, const Change& b) { return a.start < b.start; });
  size_t position = 0;
  for (Change& change : found) {
    if (change.start < position) continue;
    position = change.end;
    changes->push_back(std::move(change));
  }
}

}  // namespace unspin::internal
