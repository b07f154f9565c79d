#include "unspin/cleaner.h"

#include <algorithm>
#include <deque>

#include <unicode/normalizer2.h>

#include "edit_layer.h"
#include "repair.h"
#include "rewriter.h"
#include "score/scorer.h"
#include "unspin/text.h"
#include "unspin/tokenizer.h"

namespace unspin {

struct Workspace::Impl {
  std::unique_ptr<Tokenizer> tokenizer;
  std::vector<Token> tokens;
  std::vector<TokenId> ids;
  std::vector<PhraseMatch> matches;
  std::vector<PhraseMatch> original_matches;
  std::vector<internal::ScoredMatch> scored;
  internal::ScoreCache score_cache;
};

Workspace::Workspace() : impl_(std::make_unique<Impl>()) {}
Workspace::~Workspace() = default;

Cleaner::Cleaner(std::shared_ptr<const Dictionary> dictionary, Options options)
    : dictionary_(std::move(dictionary)), options_(options) {
  // ICU creates its NFC normalizer on first use. Creating it here, before any thread cleans,
  // lets ThreadSanitizer see it published (ICU's own once-flag is in uninstrumented code).
  UErrorCode status = U_ZERO_ERROR;
  icu::Normalizer2::getNFCInstance(status);
  // The thesaurus is built on first use too: build it before the threads start.
  (void)internal::Thesaurus::Builtin();
}

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

std::optional<uint32_t> ParseRepairList(std::string_view list, std::string* error) {
  static constexpr std::pair<std::string_view, uint32_t> kNames[] = {
      {"encoding", kRepairEncoding}, {"entities", kRepairEntities},       {"invisible", kRepairInvisible},
      {"nfc", kRepairNormalize},     {"chrome", kRepairChrome},           {"glue", kRepairGlue},
      {"punctuation", kRepairPunctuation}, {"whitespace", kRepairWhitespace}, {"all", kAllRepairs}};
  uint32_t families = 0;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) continue;
    bool found = false;
    for (const auto& [known, bits] : kNames) {
      if (name == known) {
        families |= bits;
        found = true;
      }
    }
    if (!found) {
      *error = "unknown repair '" + std::string(name) +
               "' (expected encoding, entities, invisible, nfc, chrome, glue, punctuation, whitespace or all)";
      return std::nullopt;
    }
  }
  return families;
}

Status Cleaner::Clean(std::string_view input, const Piece& piece, Result* result, Workspace* workspace) const {
  *result = Result();
  Workspace::Impl& ws = *workspace->impl_;
  if (!ws.tokenizer) {
    auto tokenizer = Tokenizer::Create();
    if (!tokenizer.ok()) return tokenizer.status();
    ws.tokenizer = std::move(tokenizer).value();
  }

  // Each stage finds changes in the text the previous stage produced; the applied ones make the
  // next text. Layers remember how to map offsets back to the input.
  std::vector<std::vector<Change>> stages;
  std::deque<internal::EditLayer> layers;
  std::string_view text = input;
  bool tokens_ready = false;
  auto finish_stage = [&](std::vector<Change> changes) {
    internal::SortChanges(&changes);
    for (Change& change : changes) change.applied = change.confidence >= options_.min_confidence;
    layers.emplace_back(text, changes);
    stages.push_back(std::move(changes));
    text = layers.back().target();
  };

  // UTF-16 is not damaged UTF-8: replacing its bytes would make NUL-strewn garbage.
  if (piece.document_start) {
    if (auto utf16 = DiagnoseUtf16(input)) return DataError(std::move(*utf16));
  }
  if (const auto bad = FindInvalidUtf8(input)) {
    if (!options_.replace_invalid_utf8) {
      const LineIndex::Position position = LineIndex(input.substr(0, *bad)).At(*bad);
      return DataError("invalid UTF-8 at byte " + std::to_string(piece.offset + *bad) + " (line " +
                       std::to_string(piece.first_line - 1 + position.line) +
                       ", column " + std::to_string(position.column) + "); --encoding-errors replace goes on");
    }
    std::vector<Change> replaced;
    internal::ReplaceInvalidUtf8(input, &replaced);
    for (Change& change : replaced) change.confidence = 1.0;
    finish_stage(std::move(replaced));
  }
  if (options_.repairs & (kRepairEncoding | kRepairEntities | kRepairInvisible | kRepairNormalize)) {
    std::vector<Change> repaired;
    internal::RepairCharacters(text, options_.repairs, &repaired);
    if (!repaired.empty()) finish_stage(std::move(repaired));
  }
  if (options_.repairs & (kRepairChrome | kRepairGlue | kRepairPunctuation | kRepairWhitespace)) {
    std::vector<Change> repaired;
    Status status = internal::RepairStructure(text, options_.repairs, piece.document_start, piece.document_end,
                                              *ws.tokenizer, &ws.tokens, &repaired, options_.language_model.get());
    if (!status.ok()) return status;
    const std::string_view before = text;
    if (!repaired.empty()) finish_stage(std::move(repaired));
    // When nothing was applied the text is the same bytes and its tokens still fit.
    tokens_ready = !ws.tokens.empty() && text.data() == before.data() && text.size() == before.size();
  }

  // The dictionary stage.
  if (!tokens_ready) {  // the structure stage's tokens still fit when it changed nothing
    Status status = ws.tokenizer->Tokenize(text, &ws.tokens);
    if (!status.ok()) return status;
  }
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
  const internal::Scorer scorer(*dictionary_, options_.language_model.get(), &internal::Thesaurus::Builtin(),
                               internal::ScoreModel::Default(), &ws.score_cache);
  ws.original_matches.clear();
  dictionary_->original_matcher().FindAll(ws.ids, &ws.original_matches);
  internal::DocumentScore document =
      scorer.Score(text, ws.tokens, ws.ids, ws.matches, ws.original_matches, &ws.scored);
  result->spin_score = document.spin_score;
  result->tells = std::move(document.tells);
  std::vector<Change> rewrites;
  internal::Rewrite(text, ws.tokens, ws.scored, &rewrites);
  for (Change& change : rewrites) change.applied = change.confidence >= options_.min_confidence;
  stages.push_back(std::move(rewrites));

  // Map every stage's changes back to the input. A change that overlaps an earlier stage's edit
  // takes it in ("Journalbased upon" -> "Journal, based on" is one change if need be).
  std::vector<std::vector<bool>> absorbed(stages.size());
  for (size_t k = 0; k < stages.size(); ++k) absorbed[k].assign(stages[k].size(), false);
  for (size_t k = stages.size(); k-- > 0;) {
    for (size_t c = 0; c < stages[k].size(); ++c) {
      if (absorbed[k][c]) continue;
      Change& change = stages[k][c];
      for (size_t j = std::min(k, layers.size()); j-- > 0;) {
        std::vector<size_t> taken;
        layers[j].MapBack(&change, &taken);
        for (size_t index : taken) {
          absorbed[j][index] = true;
          const Change& repair = stages[j][index];
          change.evidence.push_back({"merged", "includes " + repair.rule + " (\"" + repair.before + "\" -> \"" +
                                                   repair.after + "\")", repair.confidence});
        }
      }
    }
  }
  for (size_t k = 0; k < stages.size(); ++k) {
    for (size_t c = 0; c < stages[k].size(); ++c) {
      if (!absorbed[k][c]) result->changes.push_back(std::move(stages[k][c]));
    }
  }
  internal::SortChanges(&result->changes);

  LineIndex lines(input);
  size_t position = 0;
  for (Change& change : result->changes) {
    // Applied changes never overlap: one that would is reported as not applied.
    if (change.applied && change.start < position) change.applied = false;
    if (change.applied) {
      position = change.end;
      ++result->stats.applied;
    }
    const LineIndex::Position at = lines.At(change.start);
    change.line = at.line;
    change.column = at.column;
  }
  result->stats.bytes = input.size();
  result->stats.matches = ws.matches.size();
  result->text = ApplyChanges(input, result->changes);
  for (Change& change : result->changes) {
    change.start += piece.offset;
    change.end += piece.offset;
    change.line += piece.first_line - 1;
  }
  return Status::Ok();
}

}  // namespace unspin
