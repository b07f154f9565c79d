#include "unspin/cleaner.h"

#include <algorithm>

#include "rewriter.h"
#include "scorer.h"
#include "unspin/text.h"
#include "unspin/tokenizer.h"

namespace unspin {

struct Workspace::Impl {
  std::unique_ptr<Tokenizer> tokenizer;
  std::vector<Token> tokens;
  std::vector<TokenId> ids;
  std::vector<PhraseMatch> matches;
  std::vector<internal::ScoredMatch> scored;
};

Workspace::Workspace() : impl_(std::make_unique<Impl>()) {}
Workspace::~Workspace() = default;

Cleaner::Cleaner(std::shared_ptr<const Dictionary> dictionary, Options options)
    : dictionary_(std::move(dictionary)), options_(options) {}

std::string ApplyChanges(std::string_view input, const std::vector<Change>& changes) {
  std::string out;
  out.reserve(input.size());
  size_t position = 0;
  for (const Change& change : changes) {
    if (!change.applied || change.start < position) continue;
    out.append(input.substr(position, change.start - position));
    out.append(change.after);
    position = change.end;
  }
  out.append(input.substr(std::min(position, input.size())));
  return out;
}

Status Cleaner::Clean(std::string_view input, Result* result, Workspace* workspace) const {
  *result = Result();
  if (const auto bad = FindInvalidUtf8(input)) {
    const LineIndex::Position position = LineIndex(input.substr(0, *bad)).At(*bad);
    return DataError("invalid UTF-8 at byte " + std::to_string(*bad) + " (line " + std::to_string(position.line) +
                     ", column " + std::to_string(position.column) + ")");
  }
  Workspace::Impl& ws = workspace->impl();
  if (!ws.tokenizer) {
    auto tokenizer = Tokenizer::Create();
    if (!tokenizer.ok()) return tokenizer.status();
    ws.tokenizer = std::move(tokenizer).value();
  }
  Status status = ws.tokenizer->Tokenize(input, &ws.tokens);
  if (!status.ok()) return status;

  const Vocabulary& vocabulary = dictionary_->vocabulary();
  ws.ids.clear();
  ws.ids.reserve(ws.tokens.size());
  for (const Token& token : ws.tokens) {
    if (token.kind == TokenKind::kSpace) {
      ws.ids.push_back(token.paragraph_break ? kParagraphToken : kSpaceToken);
    } else {
      ws.ids.push_back(vocabulary.Find(token.key));
      if (token.kind == TokenKind::kWord) ++result->stats.words;
    }
  }
  ws.matches.clear();
  dictionary_->matcher().FindAll(ws.ids, &ws.matches);
  const internal::Scorer scorer(*dictionary_);
  result->spin_score = scorer.Score(ws.ids, ws.matches, &ws.scored);
  internal::Rewrite(input, ws.tokens, *dictionary_, ws.scored, &result->changes);

  const LineIndex lines(input);
  for (Change& change : result->changes) {
    change.applied = change.confidence >= options_.min_confidence;
    const LineIndex::Position position = lines.At(change.start);
    change.line = position.line;
    change.column = position.column;
    if (change.applied) ++result->stats.applied;
  }
  result->stats.bytes = input.size();
  result->stats.matches = ws.matches.size();
  result->text = ApplyChanges(input, result->changes);
  return Status::Ok();
}

}  // namespace unspin
