#include "pps_import.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <utility>

#include "unspin/tokenizer.h"

namespace unspin::internal {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Priors (see data/README.md, "Choosing a prior"): a fingerprint the PPS found in published
// papers is nonsense in clean English; one with no hits yet is less proven; a `?` in the expected
// text means the PPS curators themselves were unsure of the original.
constexpr double kPriorRetrieved = 0.9;
constexpr double kPriorNoPapers = 0.7;
constexpr double kPriorUncertain = 0.2;

// The largest proximity accepted, as for `~N` in TSV context conditions.
constexpr int kMaxProximity = 50;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Trims and turns every run of white space into one space.
std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180): fields separated by a delimiter (',' in the PPS export; ';' and TAB in files that
// went through a spreadsheet), quoted fields with "" for a quote, CRLF or LF.

struct CsvRecord {
  size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
  bool blank = false;  // an empty or all-white-space line
};

class CsvReader {
 public:
  // `first_line` is the line number of content's first line (2 after a `sep=` line).
  CsvReader(std::string_view content, const std::string& source_name, char delimiter = ',', size_t first_line = 1)
      : content_(content), source_name_(source_name), delimiter_(delimiter), line_(first_line) {}

  // The next record, nullopt at the end, or an error naming the record's first line.
  StatusOr<std::optional<CsvRecord>> Next() {
    if (position_ >= content_.size()) return std::optional<CsvRecord>();
    CsvRecord record;
    record.line = line_;
    bool any_quoted = false;
    while (true) {
      std::string field;
      if (Peek() == '"') {
        any_quoted = true;
        ++position_;
        while (true) {
          if (position_ >= content_.size()) {
            return Error(record.line, "unbalanced quotes: a quoted field is never closed");
          }
          const char c = content_[position_++];
          if (c == '"') {
            if (Peek() != '"') break;  // the closing quote
            ++position_;               // "" stands for one quote
          } else if (c == '\n') {
            ++line_;
          }
          field += c;
        }
        const char after = Peek();
        if (position_ < content_.size() && after != delimiter_ && after != '\n' && after != '\r') {
          // The whole character (the content is UTF-8): one byte of it would not be.
          const auto lead = static_cast<unsigned char>(after);
          const size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
          return Error(record.line, "unexpected '" + std::string(content_.substr(position_, length)) +
                                        "' after the closing quote of field " +
                                        std::to_string(record.fields.size() + 1) +
                                        " (quote the whole field and double the quotes inside it)");
        }
        if (position_ < content_.size() && after == '\r' && !AtLineEnd(position_)) {
          return Error(record.line, "unexpected carriage return after the closing quote of field " +
                                        std::to_string(record.fields.size() + 1));
        }
      } else {
        while (position_ < content_.size() && content_[position_] != delimiter_ && !AtLineEnd(position_)) {
          if (content_[position_] == '"') {
            return Error(record.line, "unbalanced quotes: a quote inside unquoted field " +
                                          std::to_string(record.fields.size() + 1) +
                                          " (quote the whole field and double the quotes inside it)");
          }
          field += content_[position_++];
        }
      }
      record.fields.push_back(std::move(field));
      if (position_ < content_.size() && Peek() == delimiter_) {
        ++position_;
        continue;
      }
      SkipLineEnd();
      break;
    }
    record.blank = !any_quoted && record.fields.size() == 1 && CollapseSpaces(record.fields[0]).empty();
    return std::optional<CsvRecord>(std::move(record));
  }

 private:
  char Peek() const { return position_ < content_.size() ? content_[position_] : '\0'; }

  // True at "\n", "\r\n" or a "\r" that ends the content.
  bool AtLineEnd(size_t at) const {
    if (content_[at] == '\n') return true;
    return content_[at] == '\r' && (at + 1 == content_.size() || content_[at + 1] == '\n');
  }

  void SkipLineEnd() {
    if (Peek() == '\r') ++position_;
    if (Peek() == '\n') {
      ++position_;
      ++line_;
    }
  }

  Status Error(size_t line, const std::string& what) const {
    return InvalidArgument(source_name_ + ":" + std::to_string(line) + ": " + what);
  }

  std::string_view content_;
  const std::string& source_name_;
  char delimiter_;
  size_t position_ = 0;
  size_t line_;
};

// ---------------------------------------------------------------------------------------------
// The fingerprint query: phrases, AND / OR / NOT, parentheses, "a b"~N.

struct QueryNode {
  enum class Kind : uint8_t { kPhrase, kAnd, kOr, kNot };
  Kind kind = Kind::kPhrase;
  std::string phrase;  // kPhrase: as written, white space collapsed
  int max_gap = 0;     // kPhrase: N of "a b"~N (0 without proximity)
  std::vector<QueryNode> children;
};

struct QueryToken {
  enum class Kind : uint8_t { kPhrase, kAnd, kOr, kNot, kOpen, kClose };
  Kind kind = Kind::kPhrase;
  std::string phrase;
  int max_gap = 0;
  bool bare = false;  // a phrase written without quotes
};

std::string Describe(const QueryToken& token) {
  switch (token.kind) {
    case QueryToken::Kind::kPhrase: return "\"" + token.phrase + "\"";
    case QueryToken::Kind::kAnd: return "AND";
    case QueryToken::Kind::kOr: return "OR";
    case QueryToken::Kind::kNot: return "NOT";
    case QueryToken::Kind::kOpen: return "'('";
    case QueryToken::Kind::kClose: return "')'";
  }
  return "?";
}

// Splits a fingerprint into tokens. Operators are upper case, as in Dimensions; words written
// without quotes next to each other are read as one phrase (PPS lists single-word and some
// multi-word fingerprints unquoted). Errors are plain descriptions, without a location.
StatusOr<std::vector<QueryToken>> LexQuery(std::string_view query) {
  std::vector<QueryToken> tokens;
  size_t position = 0;
  while (position < query.size()) {
    const char c = query[position];
    if (IsSpace(c)) {
      ++position;
      continue;
    }
    if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? QueryToken::Kind::kOpen : QueryToken::Kind::kClose, "", 0, false});
      ++position;
      continue;
    }
    if (c == '"') {
      const size_t close = query.find('"', position + 1);
      if (close == std::string_view::npos) {
        return InvalidArgument("unbalanced quotes in the fingerprint: the phrase \"" +
                               CollapseSpaces(query.substr(position + 1)) + " is never closed");
      }
      QueryToken token{QueryToken::Kind::kPhrase, CollapseSpaces(query.substr(position + 1, close - position - 1)), 0,
                       false};
      if (token.phrase.empty()) return InvalidArgument("empty phrase \"\" in the fingerprint");
      position = close + 1;
      if (position < query.size() && query[position] == '~') {
        ++position;
        const size_t digits_end = std::min(query.find_first_not_of("0123456789", position), query.size());
        const std::string_view digits = query.substr(position, digits_end - position);
        int gap = -1;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), gap);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || gap > kMaxProximity) {
          return InvalidArgument("'~' after \"" + token.phrase + "\" must be followed by a number of words (0-" +
                                 std::to_string(kMaxProximity) + ")");
        }
        token.max_gap = gap;
        position = digits_end;
      }
      tokens.push_back(std::move(token));
      continue;
    }
    size_t end = position;
    while (end < query.size() && !IsSpace(query[end]) && query[end] != '(' && query[end] != ')' && query[end] != '"') {
      ++end;
    }
    const std::string_view word = query.substr(position, end - position);
    position = end;
    if (word == "AND") tokens.push_back({QueryToken::Kind::kAnd, "", 0, false});
    else if (word == "OR") tokens.push_back({QueryToken::Kind::kOr, "", 0, false});
    else if (word == "NOT") tokens.push_back({QueryToken::Kind::kNot, "", 0, false});
    else if (word.find('~') != std::string_view::npos) {
      return InvalidArgument("'" + std::string(word) + "': '~N' (proximity) must follow a quoted phrase");
    } else if (!tokens.empty() && tokens.back().kind == QueryToken::Kind::kPhrase && tokens.back().bare) {
      tokens.back().phrase += " " + std::string(word);
    } else {
      tokens.push_back({QueryToken::Kind::kPhrase, std::string(word), 0, true});
    }
  }
  return tokens;
}

// Recursive descent over the tokens:
//   or  := and (OR and)*
//   and := not ((AND | NOT) not)*        "a" NOT "b" means "a" AND NOT "b", as in Dimensions
//   not := NOT not | phrase | '(' or ')'
class QueryParser {
 public:
  // `field` is the fingerprint's column number, for the message about an empty fingerprint.
  QueryParser(std::vector<QueryToken> tokens, size_t field) : tokens_(std::move(tokens)), field_(field) {}

  StatusOr<QueryNode> Parse() {
    if (tokens_.empty()) return InvalidArgument("the fingerprint (field " + std::to_string(field_) + ") is empty");
    StatusOr<QueryNode> query = ParseOr();
    if (!query.ok()) return query;
    if (next_ < tokens_.size()) {
      if (tokens_[next_].kind == QueryToken::Kind::kClose) {
        return InvalidArgument("unbalanced parentheses in the fingerprint: a ')' has no matching '('");
      }
      return InvalidArgument("unexpected " + Describe(tokens_[next_]) + " in the fingerprint");
    }
    return query;
  }

 private:
  const QueryToken* Peek() const { return next_ < tokens_.size() ? &tokens_[next_] : nullptr; }
  bool PeekIs(QueryToken::Kind kind) const { return Peek() != nullptr && Peek()->kind == kind; }

  static QueryNode Combine(QueryNode::Kind kind, std::vector<QueryNode> children) {
    if (children.size() == 1) return std::move(children.front());
    QueryNode node;
    node.kind = kind;
    node.children = std::move(children);
    return node;
  }

  StatusOr<QueryNode> ParseOr() {
    std::vector<QueryNode> children;
    while (true) {
      StatusOr<QueryNode> child = ParseAnd();
      if (!child.ok()) return child;
      children.push_back(std::move(child).value());
      if (!PeekIs(QueryToken::Kind::kOr)) break;
      ++next_;
    }
    return Combine(QueryNode::Kind::kOr, std::move(children));
  }

  StatusOr<QueryNode> ParseAnd() {
    std::vector<QueryNode> children;
    StatusOr<QueryNode> first = ParseNot();
    if (!first.ok()) return first;
    children.push_back(std::move(first).value());
    while (true) {
      if (PeekIs(QueryToken::Kind::kAnd)) {
        ++next_;
      } else if (!PeekIs(QueryToken::Kind::kNot)) {
        if (PeekIs(QueryToken::Kind::kPhrase) || PeekIs(QueryToken::Kind::kOpen)) {
          return InvalidArgument("missing AND, OR or NOT before " + Describe(*Peek()) + " in the fingerprint");
        }
        break;
      }
      // A NOT here is binary ("a" NOT "b"); ParseNot reads it as the negation of what follows.
      StatusOr<QueryNode> child = ParseNot();
      if (!child.ok()) return child;
      children.push_back(std::move(child).value());
    }
    return Combine(QueryNode::Kind::kAnd, std::move(children));
  }

  StatusOr<QueryNode> ParseNot() {
    if (PeekIs(QueryToken::Kind::kNot)) {
      ++next_;
      StatusOr<QueryNode> operand = ParseNot();
      if (!operand.ok()) return operand;
      QueryNode node;
      node.kind = QueryNode::Kind::kNot;
      node.children.push_back(std::move(operand).value());
      return node;
    }
    const QueryToken* token = Peek();
    if (token == nullptr) {
      return InvalidArgument("the fingerprint ends after " + Describe(tokens_.back()) + " where a phrase was expected");
    }
    ++next_;
    switch (token->kind) {
      case QueryToken::Kind::kPhrase: {
        QueryNode node;
        node.phrase = token->phrase;
        node.max_gap = token->max_gap;
        return node;
      }
      case QueryToken::Kind::kOpen: {
        StatusOr<QueryNode> inner = ParseOr();
        if (!inner.ok()) return inner;
        if (!PeekIs(QueryToken::Kind::kClose)) {
          return InvalidArgument("unbalanced parentheses in the fingerprint: a '(' is never closed");
        }
        ++next_;
        return inner;
      }
      case QueryToken::Kind::kClose:
        if (next_ == 1 || tokens_[next_ - 2].kind != QueryToken::Kind::kOpen) {
          return InvalidArgument("unbalanced parentheses in the fingerprint: a ')' has no matching '(' or "
                                 "follows an operator");
        }
        return InvalidArgument("empty parentheses '()' in the fingerprint");
      default:
        return InvalidArgument("expected a phrase where " + Describe(*token) + " is in the fingerprint");
    }
  }

  std::vector<QueryToken> tokens_;
  size_t field_;
  size_t next_ = 0;
};

// ---------------------------------------------------------------------------------------------
// From the query to entries.

// One way the fingerprint can match: the phrase to rewrite and what must hold in the document.
struct Alternative {
  const QueryNode* spun = nullptr;
  std::vector<ContextCondition> context;
};

// The factors of a conjunction: nested ANDs flattened, NOT NOT x read as x.
void AppendFactors(const QueryNode& node, std::vector<const QueryNode*>* factors) {
  if (node.kind == QueryNode::Kind::kAnd) {
    for (const QueryNode& child : node.children) AppendFactors(child, factors);
  } else if (node.kind == QueryNode::Kind::kNot && node.children[0].kind == QueryNode::Kind::kNot) {
    AppendFactors(node.children[0].children[0], factors);
  } else {
    factors->push_back(&node);
  }
}

// The phrases of an OR of phrases, for one condition ("one of them occurs" / "none occurs").
Status AppendAlternativePhrases(const QueryNode& node, ContextCondition* condition) {
  if (node.kind == QueryNode::Kind::kOr) {
    for (const QueryNode& child : node.children) {
      if (Status status = AppendAlternativePhrases(child, condition); !status.ok()) return status;
    }
    return Status::Ok();
  }
  if (node.kind != QueryNode::Kind::kPhrase) {
    return InvalidArgument("unsupported fingerprint: inside a condition, OR may only join phrases (found " +
                           std::string(node.kind == QueryNode::Kind::kNot ? "NOT" : "AND") + " under OR)");
  }
  condition->phrases.push_back(FoldKey(node.phrase));
  // One gap per condition: the widest of the OR-ed phrases (lenient for the others).
  condition->max_gap = std::max(condition->max_gap, node.max_gap);
  return Status::Ok();
}

// The context conditions a factor other than the rewritten phrase asks for.
Status AppendConditions(const QueryNode& node, bool negated, std::vector<ContextCondition>* context) {
  switch (node.kind) {
    case QueryNode::Kind::kNot: return AppendConditions(node.children[0], !negated, context);
    case QueryNode::Kind::kAnd:
      if (negated) {
        return InvalidArgument("unsupported fingerprint: NOT of an AND group (unspin conditions can say "
                               "\"none of these occurs\", not \"not all of these occur\")");
      }
      for (const QueryNode& child : node.children) {
        if (Status status = AppendConditions(child, false, context); !status.ok()) return status;
      }
      return Status::Ok();
    case QueryNode::Kind::kPhrase:
    case QueryNode::Kind::kOr: {
      ContextCondition condition;
      condition.kind = negated ? ContextCondition::Kind::kNotInDocument : ContextCondition::Kind::kInDocument;
      if (Status status = AppendAlternativePhrases(node, &condition); !status.ok()) return status;
      context->push_back(std::move(condition));
      return Status::Ok();
    }
  }
  return Status::Ok();
}

// Expands one conjunction into alternatives. Its first positive factor is the phrase to rewrite;
// when that factor is an OR group, ("a" OR "b") AND "c" is expanded to "a" AND "c", "b" AND "c".
Status ExpandConjunction(const std::vector<const QueryNode*>& factors, std::vector<Alternative>* out) {
  const auto first_positive = std::find_if(factors.begin(), factors.end(), [](const QueryNode* factor) {
    return factor->kind == QueryNode::Kind::kPhrase || factor->kind == QueryNode::Kind::kOr;
  });
  if (first_positive == factors.end()) {
    return InvalidArgument("an OR alternative of the fingerprint has no positive phrase (only NOT clauses), "
                           "so there is nothing to rewrite");
  }
  const size_t index = static_cast<size_t>(first_positive - factors.begin());
  if ((*first_positive)->kind == QueryNode::Kind::kOr) {
    for (const QueryNode& choice : (*first_positive)->children) {
      std::vector<const QueryNode*> expanded(factors.begin(), factors.begin() + static_cast<std::ptrdiff_t>(index));
      AppendFactors(choice, &expanded);
      expanded.insert(expanded.end(), factors.begin() + static_cast<std::ptrdiff_t>(index) + 1, factors.end());
      if (Status status = ExpandConjunction(expanded, out); !status.ok()) return status;
    }
    return Status::Ok();
  }
  Alternative alternative;
  // A proximity phrase ("a b"~N) chosen as the rewritten wording is matched by its exact wording
  // only: the matcher rewrites contiguous token runs, so words spread over a gap cannot be
  // replaced as one phrase. As a condition (below) the gap is honoured.
  alternative.spun = *first_positive;
  for (size_t i = 0; i < factors.size(); ++i) {
    if (i == index) continue;
    if (Status status = AppendConditions(*factors[i], false, &alternative.context); !status.ok()) return status;
  }
  out->push_back(std::move(alternative));
  return Status::Ok();
}

// The fingerprint as alternatives: split at top-level OR, each alternative's AND factors mapped.
StatusOr<std::vector<Alternative>> Alternatives(const QueryNode& query) {
  std::vector<const QueryNode*> disjuncts;
  if (query.kind == QueryNode::Kind::kOr) {
    for (const QueryNode& child : query.children) disjuncts.push_back(&child);
  } else {
    disjuncts.push_back(&query);
  }
  std::vector<Alternative> alternatives;
  for (const QueryNode* disjunct : disjuncts) {
    std::vector<const QueryNode*> factors;
    AppendFactors(*disjunct, &factors);
    if (Status status = ExpandConjunction(factors, &alternatives); !status.ok()) return status;
  }
  return alternatives;
}

// The expected text of a row: the original to write back, and a note for uncertain rows.
struct Expected {
  std::string original;
  std::string note;
  bool uncertain = false;
};

// Splits uncertain expected text at '/' and at the word "or": "deep learning? / machine learning".
std::vector<std::string> SplitGuesses(const std::string& text) {
  std::vector<std::string> guesses;
  std::string current;
  auto flush = [&] {
    std::string guess = current;
    std::replace(guess.begin(), guess.end(), '?', ' ');
    guess = CollapseSpaces(guess);
    if (!guess.empty()) guesses.push_back(std::move(guess));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '/') {
      flush();
      continue;
    }
    const bool word_or = i + 4 <= text.size() && text[i] == ' ' && text[i + 3] == ' ' &&
                         (text[i + 1] == 'o' || text[i + 1] == 'O') && (text[i + 2] == 'r' || text[i + 2] == 'R');
    if (word_or) {
      flush();
      i += 3;  // the loop's ++i skips the trailing space
      continue;
    }
    current += text[i];
  }
  flush();
  return guesses;
}

StatusOr<Expected> ParseExpected(std::string_view field, size_t column) {
  Expected expected;
  const std::string text = CollapseSpaces(field);
  const std::string name = "the expected text (field " + std::to_string(column) + ")";
  if (text.empty()) return InvalidArgument(name + " is empty");
  if (text.find('?') == std::string::npos) {
    expected.original = text;
    return expected;
  }
  expected.uncertain = true;
  std::vector<std::string> guesses = SplitGuesses(text);
  if (guesses.empty()) return InvalidArgument(name + " '" + text + "' has no words besides '?'");
  expected.original = guesses.front();
  expected.note = "uncertain expected text in the PPS export: '" + text + "'";
  if (guesses.size() > 1) {
    expected.note += "; other guesses: ";
    for (size_t i = 1; i < guesses.size(); ++i) expected.note += (i > 1 ? "; " : "") + guesses[i];
  }
  return expected;
}

// The spaces spreadsheets write inside numbers and names (no-break U+00A0, narrow no-break U+202F,
// thin U+2009) as ASCII spaces.
std::string AsciiSpaces(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 2) == "\xC2\xA0") {
      out += ' ';
      i += 1;
    } else if (text.substr(i, 3) == "\xE2\x80\xAF" || text.substr(i, 3) == "\xE2\x80\x89") {
      out += ' ';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A whole number, its digits optionally grouped by threes with one kind of separator: "42682",
// "42,682", "42 682", "42.682", "42'682" (paper counts are whole, so "42.682" is not a fraction).
StatusOr<uint64_t> ParsePaperCount(std::string_view field, size_t column) {
  const std::string text = CollapseSpaces(AsciiSpaces(field));
  auto invalid = [&] {
    return InvalidArgument("the number of retrieved papers (field " + std::to_string(column) +
                           ") must be a whole number (thousands may be grouped: 42682, 42,682 or 42 682), found '" +
                           text + "'");
  };
  std::string digits;
  char separator = 0;
  size_t group = 0;  // digits in the current group
  bool first_group = true;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
      ++group;
      continue;
    }
    if (c != ',' && c != '.' && c != ' ' && c != '\'') return invalid();
    if (separator != 0 && c != separator) return invalid();
    separator = c;
    if (group == 0 || (first_group ? group > 3 : group != 3)) return invalid();
    first_group = false;
    group = 0;
  }
  if (digits.empty() || (separator != 0 && group != 3)) return invalid();
  uint64_t count = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (error != std::errc() || end != digits.data() + digits.size()) return invalid();
  return count;
}

// ---------------------------------------------------------------------------------------------
// The header: which column holds what, and which delimiter separates them.

enum Role : size_t { kFingerprint, kExpectedText, kPapers, kRoleCount };

constexpr std::string_view kRoleShortNames[kRoleCount] = {"fingerprint", "expected text", "number of papers"};
constexpr std::string_view kRoleDescriptions[kRoleCount] = {
    "the tortured phrase ('Fingerprint - Tortured Phrase', 'tortured_phrase', 'Tortured phrase')",
    "the expected text ('Expected Text', 'expected_phrase', 'Expected phrase')",
    "the number of retrieved papers ('Nb Retrieved Papers', 'num_papers', 'Papers')"};
constexpr char kDelimiters[] = {',', ';', '\t'};
constexpr size_t kNoColumn = static_cast<size_t>(-1);

// A header name as lower-case letters and digits: "Nb Retrieved Papers", "nb_retrieved-papers" and
// "NB RETRIEVED PAPERS" are one name.
std::string HeaderKey(std::string_view name) {
  std::string key;
  for (const char c : AsciiSpaces(name)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 'A' && byte <= 'Z') key += static_cast<char>(byte - 'A' + 'a');
    else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte >= 0x80) key += c;
  }
  return key;
}

// What a header column holds, from its name; nullopt for columns unspin does not read.
std::optional<Role> RoleOf(std::string_view name) {
  const std::string key = HeaderKey(name);
  auto has = [&](std::string_view part) { return key.find(part) != std::string::npos; };
  auto is_one_of = [&](std::initializer_list<std::string_view> keys) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  if (has("tortured") || has("fingerprint") || is_one_of({"spun", "spunphrase", "spuntext"})) return kFingerprint;
  if (has("expected") || is_one_of({"original", "originalphrase", "originaltext", "correct", "correctphrase",
                                    "correcttext", "correction"})) {
    return kExpectedText;
  }
  if (has("paper") || has("retrieved") || is_one_of({"count", "hits", "occurrences", "nb", "n"})) return kPapers;
  return std::nullopt;
}

// True for a field that reads as a number: a header names its columns, so such a line is data.
bool IsNumber(std::string_view field) {
  const std::string text = CollapseSpaces(field);
  return !text.empty() && text.find_first_not_of("0123456789.,-+eE ") == std::string::npos &&
         text.find_first_of("0123456789") != std::string::npos;
}

struct Layout {
  char delimiter = ',';
  size_t header_line = 1;              // 2 after an Excel `sep=` line
  std::string_view body;               // the content from the header on
  std::vector<std::string> names;      // the header's column names, white space collapsed
  size_t column[kRoleCount] = {kNoColumn, kNoColumn, kNoColumn};  // 0-based
};

struct HeaderGuess {
  Layout layout;
  bool recognised = false;
  std::string problem;  // when not recognised: what is missing or ambiguous
};

// Fills layout->column from layout->names; true when each role has exactly one column.
bool MatchColumns(Layout* layout, std::string* problem) {
  std::fill(std::begin(layout->column), std::end(layout->column), kNoColumn);
  for (size_t i = 0; i < layout->names.size(); ++i) {
    if (IsNumber(layout->names[i])) {
      *problem = "column " + std::to_string(i + 1) + " is the number '" + layout->names[i] + "', not a name";
      return false;
    }
    const std::optional<Role> role = RoleOf(layout->names[i]);
    if (!role) continue;
    size_t& column = layout->column[*role];
    if (column != kNoColumn) {
      *problem = "columns " + std::to_string(column + 1) + " ('" + layout->names[column] + "') and " +
                 std::to_string(i + 1) + " ('" + layout->names[i] + "') both look like " +
                 std::string(kRoleDescriptions[*role].substr(0, kRoleDescriptions[*role].find(" (")));
      return false;
    }
    column = i;
  }
  std::string missing;
  for (size_t role = 0; role < kRoleCount; ++role) {
    if (layout->column[role] != kNoColumn) continue;
    const std::string_view description = kRoleDescriptions[role];
    missing += (missing.empty() ? "" : ", ") + std::string(description.substr(0, description.find(" (")));
  }
  if (!missing.empty()) *problem = "no column for " + missing;
  return missing.empty();
}

// The header of an export (BOM already removed). An Excel `sep=X` first line names the delimiter;
// otherwise ',', ';' and TAB are tried and the one that finds all three columns is taken (the one
// giving most columns if several do). Not recognised: the guess with the most columns, for the error.
HeaderGuess GuessHeader(std::string_view content, const std::string& source_name) {
  std::string_view body = content;
  size_t header_line = 1;
  std::vector<char> delimiters(std::begin(kDelimiters), std::end(kDelimiters));
  {
    std::string_view first = content.substr(0, content.find('\n'));
    if (first.ends_with('\r')) first.remove_suffix(1);
    if (first.size() == 7 && first.front() == '"' && first.back() == '"') first = first.substr(1, 5);
    if (first.size() == 5 && first.starts_with("sep=") && first[4] != '"') {
      delimiters = {first[4]};
      body = content.find('\n') == std::string_view::npos ? std::string_view() : content.substr(content.find('\n') + 1);
      header_line = 2;
    }
  }
  HeaderGuess best;
  bool have_guess = false;
  for (const char delimiter : delimiters) {
    CsvReader reader(body, source_name, delimiter, header_line);
    auto record = reader.Next();
    HeaderGuess guess;
    guess.layout.delimiter = delimiter;
    guess.layout.header_line = header_line;
    guess.layout.body = body;
    if (!record.ok()) {
      const std::string& message = record.status().message();
      const std::string prefix = source_name + ":" + std::to_string(header_line) + ": ";
      guess.problem = message.starts_with(prefix) ? message.substr(prefix.size()) : message;
    } else if (record->has_value()) {
      if (!(*record)->blank) {
        for (const std::string& field : (*record)->fields) {
          guess.layout.names.push_back(CollapseSpaces(AsciiSpaces(field)));
        }
      }
      guess.recognised = !guess.layout.names.empty() && MatchColumns(&guess.layout, &guess.problem);
    }
    if (guess.layout.names.empty() && guess.problem.empty()) guess.problem = "the header line is empty";
    const bool better = !have_guess || (guess.recognised && !best.recognised) ||
                        (guess.recognised == best.recognised && guess.layout.names.size() > best.layout.names.size());
    if (better) {
      best = std::move(guess);
      have_guess = true;
    }
  }
  return best;
}

std::string DelimiterName(char delimiter) {
  switch (delimiter) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    default: return "'" + std::string(1, delimiter) + "'";
  }
}

std::string UnrecognisedHeader(const HeaderGuess& guess, const std::string& source_name) {
  std::string found;
  for (const std::string& name : guess.layout.names) found += (found.empty() ? "'" : ", '") + name + "'";
  std::string expected;
  for (const std::string_view description : kRoleDescriptions) {
    expected += (expected.empty() ? "" : "; ") + std::string(description);
  }
  return source_name + ":" + std::to_string(guess.layout.header_line) +
         ": not a Problematic Paper Screener CSV header (" + guess.problem +
         (found.empty() ? "" : "; found columns " + found) + "): expected columns for " + expected +
         ", in any order, separated by ',' or ';' (other columns are ignored)";
}

StatusOr<std::vector<Entry>> ParseRow(const CsvRecord& record, const Layout& layout, const std::string& location) {
  if (record.fields.size() != layout.names.size()) {
    std::string columns;
    for (size_t i = 0; i < layout.names.size(); ++i) {
      std::string name = "'" + layout.names[i] + "'";
      for (size_t role = 0; role < kRoleCount; ++role) {
        if (layout.column[role] == i) name = std::string(kRoleShortNames[role]);
      }
      columns += (columns.empty() ? "" : ", ") + name;
    }
    const std::string delimiter = DelimiterName(layout.delimiter);
    return InvalidArgument("expected " + std::to_string(layout.names.size()) + " " + delimiter + "-separated fields (" +
                           columns + "), found " + std::to_string(record.fields.size()) + " (a field containing a " +
                           delimiter + " must be quoted)");
  }
  const size_t fingerprint = layout.column[kFingerprint];
  auto tokens = LexQuery(record.fields[fingerprint]);
  if (!tokens.ok()) return tokens.status();
  auto query = QueryParser(std::move(tokens).value(), fingerprint + 1).Parse();
  if (!query.ok()) return query.status();
  auto alternatives = Alternatives(*query);
  if (!alternatives.ok()) return alternatives.status();
  auto expected = ParseExpected(record.fields[layout.column[kExpectedText]], layout.column[kExpectedText] + 1);
  if (!expected.ok()) return expected.status();
  auto papers = ParsePaperCount(record.fields[layout.column[kPapers]], layout.column[kPapers] + 1);
  if (!papers.ok()) return papers.status();

  const double prior = expected->uncertain ? kPriorUncertain : *papers == 0 ? kPriorNoPapers : kPriorRetrieved;
  const std::string original_key = FoldKey(expected->original);
  std::vector<Entry> entries;
  for (const Alternative& alternative : *alternatives) {
    // An alternative that already reads as the original (the PPS lists some for recall) would
    // rewrite a phrase into itself: nothing to restore.
    if (FoldKey(alternative.spun->phrase) == original_key) continue;
    Entry entry;
    entry.spun = alternative.spun->phrase;
    entry.original = expected->original;
    entry.prior = prior;
    entry.category = "tortured";
    entry.source = "pps:" + std::to_string(*papers);
    entry.context = alternative.context;
    entry.note = expected->note;
    entry.location = location;
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

// A file is read as a PPS export when its header is recognised, or when its first line reads as a
// CSV header rather than as a dictionary line (no TAB, not a `#` comment, a ',' or ';' in it), so
// that a CSV with other columns gets an error about its header instead of about TSV fields.
bool LooksLikePpsCsv(std::string_view content) {
  if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
  std::string_view line = content.substr(0, content.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line.starts_with('#')) return false;  // a dictionary's comment
  static const std::string kNoName;
  if (GuessHeader(content, kNoName).recognised) return true;
  if (line.starts_with("sep=") || line.starts_with("\"sep=")) return true;
  if (line.empty() || line.find('\t') != std::string_view::npos) return false;
  return line.find_first_of(",;") != std::string_view::npos;
}

// Header: the columns holding the fingerprint, the expected text and the number of papers are
// found by name (GuessHeader, RoleOf), in any order; other columns are ignored. Each row must have
// as many fields as the header.
//
// Mapping: each OR alternative of a row's fingerprint becomes one entry. Its first positive
// phrase is the spun wording and the row's expected text the original; each other AND-ed phrase
// (or OR group of phrases) is a kInDocument condition, each NOT-ed phrase (or OR group) a
// kNotInDocument one, with "a b"~N giving max_gap N. Priors: 0.9 with retrieved papers, 0.7
// without, 0.2 when the expected text has a `?`.
//
// Limitations: NOT of an AND group and AND under an OR used as a condition are rejected (a
// condition cannot express them); Dictionary::Build keeps one entry per spun wording and
// original, so two alternatives of a row that rewrite the same phrase under different conditions
// end up as one; proximity in a condition keeps the phrase's word order, where Dimensions does not.
StatusOr<std::vector<Entry>> ParsePpsCsv(std::string_view content, const std::string& source_name) {
  if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
  const HeaderGuess header = GuessHeader(content, source_name);
  if (!header.recognised) return InvalidArgument(UnrecognisedHeader(header, source_name));
  const Layout& layout = header.layout;
  CsvReader reader(layout.body, source_name, layout.delimiter, layout.header_line);
  if (auto record = reader.Next(); !record.ok()) return record.status();  // the header, read again
  std::vector<Entry> entries;
  while (true) {
    auto record = reader.Next();
    if (!record.ok()) return record.status();
    if (!record->has_value()) break;
    const CsvRecord& row = **record;
    if (row.blank) continue;
    const std::string location = source_name + ":" + std::to_string(row.line);
    auto row_entries = ParseRow(row, layout, location);
    if (!row_entries.ok()) return InvalidArgument(location + ": " + row_entries.status().message());
    for (Entry& entry : *row_entries) {
      if (Status status = CheckPhraseLength(entry); !status.ok()) return status;
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

}  // namespace unspin::internal
