#include "unspin/dictionary.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>

#include "embedded.h"
#include "lexicon.h"
#include "lines.h"
#include "pps_import.h"
#include "unspin/inflection.h"
#include "unspin/text.h"
#include "unspin/tokenizer.h"

namespace unspin {
namespace {

constexpr std::string_view kCategories[] = {"signature", "synonym", "name", "tortured", "idiom"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const size_t pos = s.find(separator);
    parts.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return parts;
}

bool IsEmptyField(std::string_view field) { return field.empty() || field == "-"; }

Status ParseContext(std::string_view text, const std::string& location, std::vector<ContextCondition>* out) {
  for (std::string_view clause : Split(text, ';')) {
    clause = Trim(clause);
    if (clause.empty()) continue;
    const size_t colon = clause.find(':');
    if (colon == std::string_view::npos) {
      return InvalidArgument(location + ": context clause '" + std::string(clause) +
                             "' needs the form near:word|word (or !near:, doc:, !doc:)");
    }
    const std::string_view kind = clause.substr(0, colon);
    ContextCondition condition;
    if (kind == "near") condition.kind = ContextCondition::Kind::kNear;
    else if (kind == "!near") condition.kind = ContextCondition::Kind::kNotNear;
    else if (kind == "doc") condition.kind = ContextCondition::Kind::kInDocument;
    else if (kind == "!doc") condition.kind = ContextCondition::Kind::kNotInDocument;
    else {
      return InvalidArgument(location + ": unknown context condition '" + std::string(kind) +
                             "' (expected near, !near, doc or !doc)");
    }
    for (std::string_view phrase : Split(clause.substr(colon + 1), '|')) {
      phrase = Trim(phrase);
      // "deep learning~2": the words may have up to 2 other words between them.
      const size_t tilde = phrase.rfind('~');
      if (tilde != std::string_view::npos) {
        int gap = -1;
        const std::string_view digits = phrase.substr(tilde + 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), gap);
        if (error != std::errc() || end != digits.data() + digits.size() || gap < 0 || gap > 50) {
          return InvalidArgument(location + ": '" + std::string(phrase) + "': '~' must be followed by a number of words (0-50)");
        }
        condition.max_gap = std::max(condition.max_gap, gap);
        phrase = Trim(phrase.substr(0, tilde));
      }
      if (phrase.empty()) {
        return InvalidArgument(location + ": empty word in context clause '" + std::string(clause) +
                               "' (separate words or phrases with '|')");
      }
      condition.phrases.push_back(FoldKey(phrase));
    }
    out->push_back(std::move(condition));
  }
  return Status::Ok();
}

std::string SplitLastWord(const std::string& phrase, std::string* head) {
  const size_t space = phrase.rfind(' ');
  if (space == std::string::npos) {
    head->clear();
    return phrase;
  }
  *head = phrase.substr(0, space + 1);
  return phrase.substr(space + 1);
}

std::string SplitFirstWord(const std::string& phrase, std::string* tail) {
  const size_t space = phrase.find(' ');
  if (space == std::string::npos) {
    tail->clear();
    return phrase;
  }
  *tail = phrase.substr(space);
  return phrase.substr(0, space);
}

bool IsLowerAscii(const std::string& word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The inflected variants of a written entry (not including the entry itself).
std::vector<Entry> Inflections(const Entry& entry) {
  std::vector<Entry> variants;
  if (entry.inflect == Inflect::kNone) return variants;
  const bool noun = entry.inflect == Inflect::kNoun;
  std::string spun_rest, original_rest;
  const std::string spun_word = noun ? SplitLastWord(entry.spun, &spun_rest) : SplitFirstWord(entry.spun, &spun_rest);
  const std::string original_word =
      noun ? SplitLastWord(entry.original, &original_rest) : SplitFirstWord(entry.original, &original_rest);
  if (!IsLowerAscii(spun_word) || !IsLowerAscii(original_word)) return variants;  // names stay as written
  const auto spun_forms = noun ? NounForms(spun_word) : VerbForms(spun_word);
  const auto original_forms = noun ? NounForms(original_word) : VerbForms(original_word);
  std::set<std::string> seen;
  for (const auto& [slot, spun_form] : spun_forms) {
    for (const auto& [original_slot, original_form] : original_forms) {
      if (slot != original_slot) continue;
      Entry variant = entry;
      variant.inflected = true;
      variant.spun = noun ? spun_rest + spun_form : spun_form + spun_rest;
      variant.original = noun ? original_rest + original_form : original_form + original_rest;
      if (variant.spun != entry.spun && seen.insert(variant.spun).second) variants.push_back(std::move(variant));
      break;  // one original per spun form: the first listed for the slot
    }
  }
  return variants;
}

}  // namespace

Vocabulary::Vocabulary() = default;

TokenId Vocabulary::Intern(const std::string& key) {
  auto [it, inserted] = ids_.try_emplace(key, static_cast<TokenId>(ids_.size() + 3));
  return it->second;
}

TokenId Vocabulary::Find(const std::string& key) const {
  auto it = ids_.find(key);
  return it == ids_.end() ? kUnknownToken : it->second;
}

std::span<const BuiltinFile> BuiltinFiles() { return internal::EmbeddedFiles(); }

bool IsDictionaryFile(std::string_view path) {
  if (!path.ends_with(".tsv") && !path.ends_with(".csv")) return false;
  // Reference data, not dictionaries: inflections, English word lists, repair patterns.
  for (std::string_view folder : {"morphology/", "english/", "repair/"}) {
    if (path.starts_with(folder) || path.find("/" + std::string(folder)) != std::string_view::npos) return false;
  }
  return true;
}

Status CheckPhraseLength(const Entry& entry) {
  for (const std::string* side : {&entry.spun, &entry.original}) {
    const std::string& phrase = *side;
    size_t words = 0;
    for (size_t i = 0; i < phrase.size(); ++i) words += phrase[i] != ' ' && (i == 0 || phrase[i - 1] == ' ');
    if (words > kMaxPhraseWords) {
      return InvalidArgument(entry.location + ": phrase too long (" + std::to_string(words) + " words; at most " +
                             std::to_string(kMaxPhraseWords) + ")");
    }
    if (phrase.size() > kMaxPhraseBytes) {
      return InvalidArgument(entry.location + ": phrase too long (" + std::to_string(phrase.size()) +
                             " bytes; at most " + std::to_string(kMaxPhraseBytes) + ")");
    }
  }
  return Status::Ok();
}

Status CheckDictionaryText(std::string_view content, const std::string& name) {
  if (const auto utf16 = DiagnoseUtf16(content)) return InvalidArgument(name + ": " + *utf16);
  const size_t invalid = FindInvalidUtf8(content).value_or(content.size());
  // A carriage return ends a CRLF line; elsewhere it is a control character like the others
  // (echoed in an error it would send the terminal's cursor back over the message).
  const auto is_control = [&](size_t i) {
    const char c = content[i];
    if (c == '\r') return i + 1 < content.size() && content[i + 1] != '\n';
    return (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
  };
  size_t at = 0;
  while (at < invalid && !is_control(at)) ++at;
  if (at == content.size()) return Status::Ok();
  const std::string location =
      name + ":" + std::to_string(1 + std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  if (at == invalid) return InvalidArgument(location + ": invalid UTF-8");
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(content[at])));
  return InvalidArgument(location + ": control character " + code + " (a binary file?)");
}

StatusOr<Entry> ParseEntryLine(std::string_view line, const std::string& location) {
  std::vector<std::string_view> fields = Split(line, '\t');
  if (fields.size() < 5) {
    return InvalidArgument(location + ": expected at least 5 tab-separated fields (spun, original, prior, "
                           "category, source), found " + std::to_string(fields.size()) +
                           (line.find('\t') == std::string_view::npos && line.find("  ") != std::string_view::npos
                                ? " (fields must be separated by tabs, not spaces)" : ""));
  }
  if (fields.size() > 8) {
    return InvalidArgument(location + ": expected at most 8 tab-separated fields, found " + std::to_string(fields.size()));
  }
  for (auto& field : fields) field = Trim(field);
  Entry entry;
  entry.location = location;
  entry.spun = std::string(fields[0]);
  entry.original = std::string(fields[1]);
  if (entry.spun.empty()) return InvalidArgument(location + ": the spun phrase (field 1) is empty");
  if (entry.original.empty()) return InvalidArgument(location + ": the original phrase (field 2) is empty");
  if (Status status = CheckPhraseLength(entry); !status.ok()) return status;
  if (FoldKey(entry.spun) == FoldKey(entry.original)) {
    return InvalidArgument(location + ": spun and original are the same phrase ('" + entry.spun + "')");
  }
  const std::string_view prior = fields[2];
  const auto [end, error] = std::from_chars(prior.data(), prior.data() + prior.size(), entry.prior);
  if (error != std::errc() || end != prior.data() + prior.size()) {
    return InvalidArgument(location + ": prior (field 3) '" + std::string(prior) + "' is not a number");
  }
  if (!(entry.prior > 0 && entry.prior <= 1)) {
    return InvalidArgument(location + ": prior (field 3) must be in (0, 1], found " + std::string(prior));
  }
  entry.category = std::string(fields[3]);
  if (std::find(std::begin(kCategories), std::end(kCategories), entry.category) == std::end(kCategories)) {
    return InvalidArgument(location + ": unknown category '" + entry.category +
                           "' (expected signature, synonym, name, tortured or idiom)");
  }
  entry.source = std::string(fields[4]);
  if (entry.source.empty()) return InvalidArgument(location + ": the source (field 5) is empty");
  if (fields.size() > 5 && !IsEmptyField(fields[5])) {
    if (fields[5] == "noun") entry.inflect = Inflect::kNoun;
    else if (fields[5] == "verb") entry.inflect = Inflect::kVerb;
    else {
      return InvalidArgument(location + ": inflect (field 6) must be -, noun or verb, found '" +
                             std::string(fields[5]) + "'");
    }
  }
  if (fields.size() > 6 && !IsEmptyField(fields[6])) {
    Status status = ParseContext(fields[6], location, &entry.context);
    if (!status.ok()) return status;
  }
  if (fields.size() > 7) entry.note = std::string(fields[7]);
  return entry;
}

DictionaryBuilder::DictionaryBuilder() = default;
DictionaryBuilder::~DictionaryBuilder() = default;

Status DictionaryBuilder::AddFile(std::string_view content, std::string_view source_name) {
  if (Status status = CheckDictionaryText(content, std::string(source_name)); !status.ok()) return status;
  if (internal::LooksLikePpsCsv(content)) {
    auto entries = internal::ParsePpsCsv(content, std::string(source_name));
    if (!entries.ok()) return entries.status();
    for (Entry& entry : *entries) written_.push_back(std::move(entry));
    return Status::Ok();
  }
  Status status;
  internal::ForEachDataLine(content, [&](size_t line_number, std::string_view line) {
    StatusOr<Entry> entry = ParseEntryLine(line, std::string(source_name) + ":" + std::to_string(line_number));
    if (!entry.ok()) {
      status = entry.status();
      return false;
    }
    written_.push_back(std::move(entry).value());
    return true;
  });
  return status;
}

Status DictionaryBuilder::AddBuiltin() {
  for (const BuiltinFile& file : BuiltinFiles()) {
    if (!IsDictionaryFile(file.name)) continue;
    Status status = AddFile(file.content, "data/" + std::string(file.name));
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

void DictionaryBuilder::AddEntry(Entry entry) { written_.push_back(std::move(entry)); }

StatusOr<std::shared_ptr<const Dictionary>> DictionaryBuilder::Build() {
  auto tokenizer = Tokenizer::Create();
  if (!tokenizer.ok()) return tokenizer.status();
  auto dictionary = std::shared_ptr<Dictionary>(new Dictionary);
  dictionary->written_count_ = written_.size();

  std::vector<Entry> all;
  all.reserve(written_.size() * 2);
  for (const Entry& entry : written_) all.push_back(entry);
  for (const Entry& entry : written_) {
    for (Entry& variant : Inflections(entry)) all.push_back(std::move(variant));
  }

  std::map<std::vector<TokenId>, uint32_t> group_of_sequence;
  std::vector<std::vector<TokenId>> sequences;
  std::vector<Token> tokens;
  Vocabulary& vocabulary = dictionary->vocabulary_;
  for (const char* end : {".", "!", "?"}) dictionary->sentence_end_ids_.push_back(vocabulary.Intern(end));
  for (Entry& entry : all) {
    Status status = (*tokenizer)->Tokenize(entry.spun, &tokens);
    if (!status.ok()) return status;
    std::vector<TokenId> sequence;
    for (const Token& token : tokens) {
      sequence.push_back(token.kind == TokenKind::kSpace ? kSpaceToken : vocabulary.Intern(token.key));
    }
    if (sequence.empty()) return InvalidArgument(entry.location + ": the spun phrase has no words");
    for (ContextCondition& condition : entry.context) {
      condition.ids.clear();
      for (const std::string& phrase : condition.phrases) {
        status = (*tokenizer)->Tokenize(phrase, &tokens);
        if (!status.ok()) return status;
        std::vector<TokenId> words;
        for (const Token& token : tokens) {
          if (token.kind != TokenKind::kSpace) words.push_back(vocabulary.Intern(token.key));
        }
        condition.ids.push_back(std::move(words));
      }
    }
    auto [it, inserted] = group_of_sequence.try_emplace(sequence, static_cast<uint32_t>(sequences.size()));
    if (inserted) {
      sequences.push_back(sequence);
      dictionary->groups_.emplace_back();
    }
    Dictionary::Group& group = dictionary->groups_[it->second];
    // Same wording, same original: keep one (a written line beats an inflected one, then the
    // higher prior). Different originals are alternatives.
    const std::string original_key = FoldKey(entry.original);
    bool merged = false;
    for (uint32_t& index : group.entries) {
      Entry& existing = dictionary->entries_[index];
      if (FoldKey(existing.original) != original_key) continue;
      merged = true;
      const bool better = (existing.inflected && !entry.inflected) ||
                          (existing.inflected == entry.inflected && entry.prior > existing.prior);
      if (better) existing = std::move(entry);
      break;
    }
    if (!merged) {
      group.entries.push_back(static_cast<uint32_t>(dictionary->entries_.size()));
      dictionary->entries_.push_back(std::move(entry));
    }
  }
  for (Entry& entry : dictionary->entries_) {
    const double spun = internal::CommonEnglishPerMillion(entry.spun);
    const double original = internal::CommonEnglishPerMillion(entry.original);
    entry.ceiling = spun <= 0 ? 1.0 : original * kSpinRate / (original * kSpinRate + spun);
  }
  for (Dictionary::Group& group : dictionary->groups_) {
    const auto& entries = dictionary->entries_;
    std::stable_sort(group.entries.begin(), group.entries.end(),
                     [&](uint32_t a, uint32_t b) { return entries[a].prior > entries[b].prior; });
    double total = 0;
    for (uint32_t index : group.entries) total += entries[index].prior;
    group.total_prior = std::min(total, 0.99);
  }
  dictionary->matcher_ = Matcher(sequences);

  std::map<std::vector<TokenId>, uint32_t> group_of_original;
  std::vector<std::vector<TokenId>> original_sequences;
  for (uint32_t index = 0; index < dictionary->entries_.size(); ++index) {
    Status status = (*tokenizer)->Tokenize(dictionary->entries_[index].original, &tokens);
    if (!status.ok()) return status;
    std::vector<TokenId> sequence;
    for (const Token& token : tokens) {
      sequence.push_back(token.kind == TokenKind::kSpace ? kSpaceToken : vocabulary.Intern(token.key));
    }
    if (sequence.empty()) continue;
    auto [it, inserted] = group_of_original.try_emplace(sequence, static_cast<uint32_t>(original_sequences.size()));
    if (inserted) {
      original_sequences.push_back(std::move(sequence));
      dictionary->original_entries_.emplace_back();
    }
    dictionary->original_entries_[it->second].push_back(index);
  }
  dictionary->original_matcher_ = Matcher(original_sequences);
  std::map<std::string, std::map<std::string, int>> swaps;
  for (const Entry& entry : dictionary->entries_) {
    if (entry.category != "tortured") continue;
    auto words_of = [&](const std::string& phrase, std::vector<std::string>* words) {
      words->clear();
      Status status = (*tokenizer)->Tokenize(phrase, &tokens);
      for (const Token& token : tokens) {
        if (token.kind != TokenKind::kSpace) words->push_back(token.key);
      }
      return status;
    };
    std::vector<std::string> original, spun;
    if (Status status = words_of(entry.original, &original); !status.ok()) return status;
    if (Status status = words_of(entry.spun, &spun); !status.ok()) return status;
    std::string folded;
    for (size_t k = 0; k < original.size(); ++k) {
      folded += (folded.empty() ? "" : " ") + original[k];
      uint64_t& slots = dictionary->term_original_words_[original[k]];
      if (k < 8 && original.size() <= 8) slots |= uint64_t{1} << (k * 8 + original.size() - 1);
    }
    dictionary->term_originals_.insert(std::move(folded));
    if (entry.inflected || spun.size() != original.size()) continue;
    for (size_t k = 0; k < spun.size(); ++k) {
      if (spun[k] != original[k]) ++swaps[spun[k]][original[k]];
    }
  }
  for (auto& [word, originals] : swaps) {
    auto& list = dictionary->tortured_swaps_[word];
    for (auto& [original, count] : originals) list.push_back({original, count});
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  return std::shared_ptr<const Dictionary>(std::move(dictionary));
}

StatusOr<std::shared_ptr<const Dictionary>> Dictionary::Builtin() {
  static const StatusOr<std::shared_ptr<const Dictionary>> builtin = [] {
    DictionaryBuilder builder;
    Status status = builder.AddBuiltin();
    if (!status.ok()) return StatusOr<std::shared_ptr<const Dictionary>>(status);
    return builder.Build();
  }();
  return builtin;
}

}  // namespace unspin
