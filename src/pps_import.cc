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
constexpr std::string_view kHeaderFields[] = {"Fingerprint - Tortured Phrase", "Expected Text", "Nb Retrieved Papers"};

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
// CSV (RFC 4180): comma-separated fields, quoted fields with "" for a quote, CRLF or LF.

struct CsvRecord {
  size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
  bool blank = false;  // an empty or all-white-space line
};

class CsvReader {
 public:
  CsvReader(std::string_view content, const std::string& source_name)
      : content_(content), source_name_(source_name) {}

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
        if (position_ < content_.size() && after != ',' && after != '\n' && after != '\r') {
          return Error(record.line, "unexpected '" + std::string(1, after) +
                                        "' after the closing quote of field " +
                                        std::to_string(record.fields.size() + 1) +
                                        " (quote the whole field and double the quotes inside it)");
        }
        if (position_ < content_.size() && after == '\r' && !AtLineEnd(position_)) {
          return Error(record.line, "unexpected carriage return after the closing quote of field " +
                                        std::to_string(record.fields.size() + 1));
        }
      } else {
        while (position_ < content_.size() && content_[position_] != ',' && !AtLineEnd(position_)) {
          if (content_[position_] == '"') {
            return Error(record.line, "unbalanced quotes: a quote inside unquoted field " +
                                          std::to_string(record.fields.size() + 1) +
                                          " (quote the whole field and double the quotes inside it)");
          }
          field += content_[position_++];
        }
      }
      record.fields.push_back(std::move(field));
      if (Peek() == ',') {
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
  size_t position_ = 0;
  size_t line_ = 1;
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
  explicit QueryParser(std::vector<QueryToken> tokens) : tokens_(std::move(tokens)) {}

  StatusOr<QueryNode> Parse() {
    if (tokens_.empty()) return InvalidArgument("the fingerprint (field 1) is empty");
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

StatusOr<Expected> ParseExpected(std::string_view field) {
  Expected expected;
  const std::string text = CollapseSpaces(field);
  if (text.empty()) return InvalidArgument("the expected text (field 2) is empty");
  if (text.find('?') == std::string::npos) {
    expected.original = text;
    return expected;
  }
  expected.uncertain = true;
  std::vector<std::string> guesses = SplitGuesses(text);
  if (guesses.empty()) return InvalidArgument("the expected text (field 2) '" + text + "' has no words besides '?'");
  expected.original = guesses.front();
  expected.note = "uncertain expected text in the PPS export: '" + text + "'";
  if (guesses.size() > 1) {
    expected.note += "; other guesses: ";
    for (size_t i = 1; i < guesses.size(); ++i) expected.note += (i > 1 ? "; " : "") + guesses[i];
  }
  return expected;
}

StatusOr<uint64_t> ParsePaperCount(std::string_view field) {
  const std::string text = CollapseSpaces(field);
  uint64_t count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return InvalidArgument("the number of retrieved papers (field 3) must be a whole number, found '" + text + "'");
  }
  return count;
}

StatusOr<std::vector<Entry>> ParseRow(const CsvRecord& record, const std::string& location) {
  if (record.fields.size() != std::size(kHeaderFields)) {
    return InvalidArgument("expected 3 comma-separated fields (fingerprint, expected text, number of papers), "
                           "found " + std::to_string(record.fields.size()) +
                           " (a field containing commas must be quoted)");
  }
  auto tokens = LexQuery(record.fields[0]);
  if (!tokens.ok()) return tokens.status();
  auto query = QueryParser(std::move(tokens).value()).Parse();
  if (!query.ok()) return query.status();
  auto alternatives = Alternatives(*query);
  if (!alternatives.ok()) return alternatives.status();
  auto expected = ParseExpected(record.fields[1]);
  if (!expected.ok()) return expected.status();
  auto papers = ParsePaperCount(record.fields[2]);
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

bool LooksLikePpsCsv(std::string_view content) {
  if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
  return content.starts_with(kPpsHeader);
}

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
  CsvReader reader(content, source_name);
  std::vector<Entry> entries;
  bool header_seen = false;
  while (true) {
    auto record = reader.Next();
    if (!record.ok()) return record.status();
    if (!record->has_value()) break;
    const CsvRecord& row = **record;
    const std::string location = source_name + ":" + std::to_string(row.line);
    if (!header_seen) {
      header_seen = true;
      if (!std::equal(row.fields.begin(), row.fields.end(), std::begin(kHeaderFields), std::end(kHeaderFields))) {
        return InvalidArgument(location + ": expected the header '" + std::string(kPpsHeader) + "'");
      }
      continue;
    }
    if (row.blank) continue;
    auto row_entries = ParseRow(row, location);
    if (!row_entries.ok()) return InvalidArgument(location + ": " + row_entries.status().message());
    for (Entry& entry : *row_entries) entries.push_back(std::move(entry));
  }
  if (!header_seen) return InvalidArgument(source_name + ":1: expected the header '" + std::string(kPpsHeader) + "'");
  return entries;
}

}  // namespace unspin::internal
