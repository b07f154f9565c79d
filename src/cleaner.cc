#include "unspin/cleaner.h"

#include <algorithm>
#include <deque>

#include <unicode/normalizer2.h>

#include "edit_layer.h"
#include "retokenize.h"
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

namespace {

// Where the applied ones of `changes` (sorted, on some text) stand in the text they make.
std::vector<std::pair<size_t, size_t>> AppliedRanges(const std::vector<Change>& changes) {
  std::vector<std::pair<size_t, size_t>> ranges;
  size_t position = 0;
  ptrdiff_t shift = 0;
  for (const Change& change : changes) {
    if (!change.applied || change.start < position) continue;
    const size_t start = static_cast<size_t>(static_cast<ptrdiff_t>(change.start) + shift);
    ranges.emplace_back(start, start + change.after.size());
    shift += static_cast<ptrdiff_t>(change.after.size()) - static_cast<ptrdiff_t>(change.end - change.start);
    position = change.end;
  }
  return ranges;
}

// `ranges` (sorted, in the text `changes` were made on) moved into the text after them; a range
// a change overlaps grows to cover what the change wrote.
std::vector<std::pair<size_t, size_t>> MoveRanges(const std::vector<std::pair<size_t, size_t>>& ranges,
                                                  const std::vector<Change>& changes) {
  // The applied changes that do not overlap an earlier one, as AppliedRanges takes them.
  std::vector<const Change*> applied;
  size_t position = 0;
  for (const Change& change : changes) {
    if (!change.applied || change.start < position) continue;
    applied.push_back(&change);
    position = change.end;
  }
  auto delta = [](const Change& change) {
    return static_cast<ptrdiff_t>(change.after.size()) - static_cast<ptrdiff_t>(change.end - change.start);
  };
  std::vector<std::pair<size_t, size_t>> moved;
  moved.reserve(ranges.size());
  size_t before = 0;  // changes wholly before the current range (range starts only grow)
  ptrdiff_t shift = 0;
  for (const auto& [start, end] : ranges) {
    while (before < applied.size() && applied[before]->end <= start) shift += delta(*applied[before++]);
    size_t new_start = start, new_end = end;
    ptrdiff_t shift_end = shift;
    for (size_t k = before; k < applied.size() && applied[k]->start < end; ++k) {  // overlaps: taken in
      new_start = std::min(new_start, applied[k]->start);
      new_end = std::max(new_end, applied[k]->end);
      shift_end += delta(*applied[k]);
    }
    moved.emplace_back(static_cast<size_t>(static_cast<ptrdiff_t>(new_start) + shift),
                       static_cast<size_t>(static_cast<ptrdiff_t>(new_end) + shift_end));
  }
  return moved;
}

// True when a match overlaps one of the sorted `ranges` without lying inside it: a phrase the
// rewrites completed or uncovered, which the matcher did not see in the text before them.
bool ReachesOutOfRewrites(const std::vector<Token>& tokens, const std::vector<PhraseMatch>& matches,
                          const std::vector<std::pair<size_t, size_t>>& ranges) {
  auto range = ranges.begin();
  for (const PhraseMatch& match : matches) {
    const size_t start = tokens[match.begin].start, end = tokens[match.end - 1].end;
    while (range != ranges.end() && range->second <= start) ++range;
    for (auto r = range; r != ranges.end() && r->first < end; ++r) {
      if (start < r->first || end > r->second) return true;
    }
  }
  return false;
}

TokenId IdOf(const Token& token, const Vocabulary& vocabulary) {
  if (token.kind == TokenKind::kSpace) return token.paragraph_break ? kParagraphToken : kSpaceToken;
  return vocabulary.Find(token.key);
}

// ReachesOutOfRewrites, matching only the paragraphs that hold a rewrite.
bool ReachesOutOfRewritesNear(const std::vector<Token>& tokens, const Vocabulary& vocabulary, const Matcher& matcher,
                              const std::vector<std::pair<size_t, size_t>>& ranges) {
  std::vector<TokenId> ids;
  std::vector<PhraseMatch> matches, found;
  size_t done = 0;  // tokens before this are matched (or in no rewrite's paragraph)
  for (const auto& [first, last] : ranges) {
    // The paragraph: from after the break before the rewrite to the break after it.
    size_t begin = static_cast<size_t>(
        std::upper_bound(tokens.begin(), tokens.end(), first, [](size_t o, const Token& t) { return o < t.end; }) -
        tokens.begin());
    if (begin < done) continue;  // in the paragraphs already matched
    while (begin > done && !tokens[begin - 1].paragraph_break) --begin;
    size_t end = begin;
    while (end < tokens.size() && (tokens[end].start < last || !tokens[end].paragraph_break)) ++end;
    if (end <= begin) continue;
    ids.clear();
    for (size_t t = begin; t < end; ++t) ids.push_back(IdOf(tokens[t], vocabulary));
    found.clear();
    matcher.FindAll(ids, &found);
    for (PhraseMatch& match : found) {
      match.begin += begin;
      match.end += begin;
      matches.push_back(match);
    }
    done = end;
  }
  return ReachesOutOfRewrites(tokens, matches, ranges);
}

// Applied changes on layer.target(), sorted, that do not overlap each other but would take in
// the same edit of `layer` become one change (on the same text), so that mapping them back
// cannot make two overlapping changes of which only one could be applied.
void MergeChangesSharingAnEdit(const internal::EditLayer& layer, std::vector<Change>* changes) {
  const std::string_view text = layer.target();
  size_t kept = 0;
  ptrdiff_t last = -1;  // the last applied change kept
  std::vector<size_t> last_edits;
  for (size_t i = 0; i < changes->size(); ++i) {
    Change& change = (*changes)[i];
    if (change.applied) {
      std::vector<size_t> edits = layer.Overlapping(change);
      Change* previous = last >= 0 ? &(*changes)[static_cast<size_t>(last)] : nullptr;
      const bool shared = previous != nullptr && previous->end <= change.start && !edits.empty() &&
                          std::find(last_edits.begin(), last_edits.end(), edits.front()) != last_edits.end();
      if (shared) {
        previous->after += std::string(text.substr(previous->end, change.start - previous->end)) + change.after;
        previous->end = change.end;
        previous->before = std::string(text.substr(previous->start, previous->end - previous->start));
        previous->confidence = std::min(previous->confidence, change.confidence);
        previous->evidence.push_back({"merged", "includes " + change.rule + " (\"" + change.before + "\" -> \"" +
                                                    change.after + "\")", change.confidence});
        last_edits = layer.Overlapping(*previous);
        continue;
      }
      last_edits = std::move(edits);
      last = static_cast<ptrdiff_t>(kept);
    }
    if (kept != i) (*changes)[kept] = std::move(change);
    ++kept;
  }
  changes->resize(kept);
}

}  // namespace

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
  // ws.tokens are the tokens of `tokens_of` when `tokens_valid`. After a stage's edits only
  // the stretches around them are tokenized again (Retokenize): a repair or two in a megabyte
  // piece would otherwise cost a tokenization of the whole piece per stage.
  std::string_view tokens_of;
  bool tokens_valid = false;
  auto same = [](std::string_view a, std::string_view b) { return a.data() == b.data() && a.size() == b.size(); };
  auto ensure_tokens = [&]() -> Status {
    if (tokens_valid && same(tokens_of, text)) return Status::Ok();
    Status status = tokens_valid && !layers.empty() && same(layers.back().source(), tokens_of) &&
                            same(layers.back().target(), text)
                        ? internal::Retokenize(*ws.tokenizer, layers.back(), &ws.tokens)
                        : ws.tokenizer->Tokenize(text, &ws.tokens);
    tokens_of = text;
    tokens_valid = status.ok();
    return status;
  };
  auto finish_stage = [&](std::vector<Change> changes) {
    internal::SortChanges(&changes);
    for (Change& change : changes) change.applied = change.confidence >= options_.min_confidence;
    layers.emplace_back(text, changes);
    stages.push_back(std::move(changes));
    text = layers.back().target();
  };

  // A repeated repair pass adds only what it applies: its suggestions were the first pass's too.
  auto not_applied = [&](const Change& change) { return change.confidence < options_.min_confidence; };

  // UTF-16 is not damaged UTF-8: replacing its bytes would make NUL-strewn garbage.
  if (piece.document_start) {
    if (auto utf16 = DiagnoseUtf16(input)) return DataError(std::move(*utf16));
  }
  if (const auto bad = FindInvalidUtf8(input)) {
    if (!options_.replace_invalid_utf8) {
      const LineIndex::Position position = LineIndex(input.substr(0, *bad)).At(*bad);
      // On the piece's first line, columns count on from where the piece starts in it.
      const size_t column = position.column + (position.line == 1 ? piece.first_column - 1 : 0);
      return DataError(InvalidUtf8Message(piece.offset + *bad, piece.first_line - 1 + position.line, column));
    }
    std::vector<Change> replaced;
    internal::ReplaceInvalidUtf8(input, &replaced);
    for (Change& change : replaced) change.confidence = 1.0;
    finish_stage(std::move(replaced));
  }
  if (options_.repairs & (kRepairEncoding | kRepairEntities | kRepairInvisible | kRepairNormalize)) {
    // A repair can uncover damage the same pass could not see ("&#195;&#169;" decodes to the
    // mojibake "Ã©"): passes repeat until one changes nothing, so that cleaning the output again
    // finds nothing. Every applied repair shortens the text or puts it in NFC, so this ends;
    // the bound keeps a crafted nest of such layers linear.
    constexpr int kMaxCharacterPasses = 4;
    for (int pass = 0; pass < kMaxCharacterPasses; ++pass) {
      std::vector<Change> repaired;
      internal::RepairCharacters(text, options_.repairs, &repaired);
      if (pass > 0) std::erase_if(repaired, not_applied);
      if (repaired.empty()) break;
      const std::string_view before = text;
      finish_stage(std::move(repaired));
      if (text.data() == before.data() && text.size() == before.size()) break;  // none applied
    }
  }
  const bool structure_repairs =
      (options_.repairs & (kRepairChrome | kRepairGlue | kRepairPunctuation | kRepairWhitespace)) != 0;
  const bool needs_tokens = (options_.repairs & (kRepairGlue | kRepairPunctuation)) != 0;
  // As above: a split glued word can make a paragraph page chrome ("Sharethis:"), removed
  // chrome can leave a token seen once that was seen twice; repeat until nothing changes. The
  // first pass reports what it leaves as written too; later ones add what they apply.
  auto run_structure = [&](uint32_t families, int first_pass, int passes,
                           const std::vector<std::pair<size_t, size_t>>* glue_near = nullptr) -> Status {
    for (int pass = first_pass; pass < passes; ++pass) {
      if (needs_tokens) {
        Status status = ensure_tokens();
        if (!status.ok()) return status;
      }
      std::vector<Change> repaired;
      Status status = internal::RepairStructure(text, families, piece.document_start, piece.document_end,
                                                needs_tokens ? &ws.tokens : nullptr, &repaired,
                                                options_.language_model.get(), glue_near);
      if (!status.ok()) return status;
      if (pass > 0) std::erase_if(repaired, not_applied);
      const std::string_view before = text;
      if (!repaired.empty()) finish_stage(std::move(repaired));
      if (same(text, before)) break;  // nothing applied
    }
    return Status::Ok();
  };
  constexpr int kMaxStructurePasses = 3;
  if (structure_repairs) {
    if (Status status = run_structure(options_.repairs, 0, kMaxStructurePasses); !status.ok()) return status;
  }
  const std::string_view repaired_text = text;

  // The dictionary stage. Leftmost-longest matching hides a match that overlaps an earlier one
  // ("appear to offered": "appear to" -> "seem to" hides "to offered" -> "to have given"), and a
  // rewrite can complete a phrase with the words beside it, which a second run on the output
  // would find. So when the rewritten text has a match that reaches out of a rewrite, the stage
  // runs again on it (its changes map back through the first one's edits and take them in):
  // cleaning the output again then changes nothing.
  constexpr int kMaxDictionaryPasses = 3;
  const Vocabulary& vocabulary = dictionary_->vocabulary();
  const internal::Scorer scorer(*dictionary_, options_.language_model.get(), &internal::Thesaurus::Builtin(),
                               internal::ScoreModel::Default(), &ws.score_cache);
  std::vector<std::pair<size_t, size_t>> rewritten;  // applied rewrites' ranges in `text`
  std::vector<std::pair<size_t, size_t>> all_rewritten;  // every pass's, in `text`
  // `first_pass` 0 is the first run; a later run (after the late repairs changed the text)
  // starts at 1, so it only adds what it applies, and looks at the whole text once.
  auto run_dictionary = [&](int first_pass) -> Status {
    for (int pass = first_pass; pass < first_pass + kMaxDictionaryPasses; ++pass) {
      if (Status status = ensure_tokens(); !status.ok()) return status;
      // A later pass first looks only at the paragraphs the rewrites are in: a match cannot
      // cross a paragraph break, so leftmost-longest matching there finds what it finds in the
      // whole.
      if (pass > first_pass && !ReachesOutOfRewritesNear(ws.tokens, vocabulary, dictionary_->matcher(), rewritten)) break;
      ws.ids.clear();
      ws.ids.reserve(ws.tokens.size());
      for (const Token& token : ws.tokens) {
        ws.ids.push_back(IdOf(token, vocabulary));
        if (token.kind == TokenKind::kWord && pass == 0) ++result->stats.words;
      }
      ws.matches.clear();
      dictionary_->matcher().FindAll(ws.ids, &ws.matches);
      if (pass == 0) result->stats.matches = ws.matches.size();
      ws.original_matches.clear();
      dictionary_->original_matcher().FindAll(ws.ids, &ws.original_matches);
      internal::DocumentScore document =
          scorer.Score(text, ws.tokens, ws.ids, ws.matches, ws.original_matches, &ws.scored);
      std::vector<Change> rewrites;
      internal::Rewrite(text, ws.tokens, ws.scored, &rewrites);
      for (Change& change : rewrites) change.applied = change.confidence >= options_.min_confidence;
      if (pass == 0) {
        result->spin_score = document.spin_score;
        result->tells = std::move(document.tells);
      } else {
        // The first pass listed the candidates left as written; a later one adds what it applies.
        std::erase_if(rewrites, [](const Change& change) { return !change.applied; });
      }
      const std::string_view before = text;
      finish_stage(std::move(rewrites));
      if (text.data() == before.data() && text.size() == before.size()) break;  // nothing applied
      rewritten = AppliedRanges(stages.back());
      all_rewritten = MoveRanges(all_rewritten, stages.back());
      all_rewritten.insert(all_rewritten.end(), rewritten.begin(), rewritten.end());
      std::sort(all_rewritten.begin(), all_rewritten.end());
    }
    return Status::Ok();
  };
  if (Status status = run_dictionary(0); !status.ok()) return status;
  // The structure repairs judge the restored text once more: some weigh the whole piece (a
  // rewrite "Job Texas" -> "Project Texas" makes a line less like a title, and the piece more
  // like prose that has lost its full stops; "Job\n Texas" -> "Project Texas" takes away an
  // indented line, which kept runs of spaces as they were), and the piece is the original's
  // now; the glue repair weighs a token in its sentence, which the rewrites restored ("broadening
  // beyonddeveloper" -> "expanding beyonddeveloper" can tip it). Else cleaning the output again
  // would repair what this run left. When that late pass applies something, the dictionary
  // stage runs once more on the result ("beyond developer contributions" is a match now), and
  // the repairs but the glue one once more after it.
  // The glue repair looks only near the rewrites: elsewhere a token's sentence is as it was.
  const uint32_t structure_families = kRepairChrome | kRepairGlue | kRepairPunctuation | kRepairWhitespace;
  if ((options_.repairs & structure_families) && !same(text, repaired_text)) {
    const std::string_view restored = text;
    if (Status status = run_structure(options_.repairs, 1, 2, &all_rewritten); !status.ok()) return status;
    if (!same(text, restored)) {
      const std::string_view repaired_again = text;
      if (Status status = run_dictionary(1); !status.ok()) return status;
      const uint32_t late_repairs = options_.repairs & ~kRepairGlue;
      if ((late_repairs & (kRepairChrome | kRepairPunctuation | kRepairWhitespace)) && !same(text, repaired_again)) {
        if (Status status = run_structure(late_repairs, 1, 2); !status.ok()) return status;
      }
    }
  }

  // Map every stage's changes back to the input, one layer at a time, all of them together. A
  // change that overlaps an earlier stage's edit takes it in ("Journalbased upon" -> "Journal,
  // based on" is one change if need be), and two applied changes that would take in the same
  // edit become one first: reported apart, they would overlap and one of them would be lost.
  std::vector<std::vector<bool>> absorbed(stages.size());
  for (size_t k = 0; k < stages.size(); ++k) absorbed[k].assign(stages[k].size(), false);
  std::vector<Change> pool;  // on the text stage k read
  std::vector<size_t> taken;
  for (size_t k = stages.size(); k-- > 0;) {
    for (size_t c = 0; c < stages[k].size(); ++c) {
      if (!absorbed[k][c]) pool.push_back(std::move(stages[k][c]));
    }
    if (k == 0) break;
    const internal::EditLayer& layer = layers[k - 1];
    internal::SortChanges(&pool);
    MergeChangesSharingAnEdit(layer, &pool);
    for (Change& change : pool) {
      taken.clear();
      layer.MapBack(&change, &taken);
      for (size_t index : taken) {
        absorbed[k - 1][index] = true;
        const Change& repair = stages[k - 1][index];
        change.evidence.push_back({"merged", "includes " + repair.rule + " (\"" + repair.before + "\" -> \"" +
                                                 repair.after + "\")", repair.confidence});
      }
    }
  }
  result->changes = std::move(pool);
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
  result->text = ApplyChanges(input, result->changes);
  for (Change& change : result->changes) {
    change.start += piece.offset;
    change.end += piece.offset;
    if (change.line == 1) change.column += piece.first_column - 1;
    change.line += piece.first_line - 1;
  }
  return Status::Ok();
}

}  // namespace unspin
