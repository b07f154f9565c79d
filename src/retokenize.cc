#include "retokenize.h"

#include <algorithm>
#include <utility>

namespace unspin::internal {

Status Retokenize(Tokenizer& tokenizer, const EditLayer& layer, std::vector<Token>* tokens) {
  const std::vector<EditLayer::Span> edits = layer.EditSpans();
  if (edits.empty()) return Status::Ok();
  const std::string_view target = layer.target();
  const std::vector<Token>& old = *tokens;
  std::vector<Token> out;
  out.reserve(old.size() + old.size() / 16 + 16);
  std::vector<Token> piece;
  const auto count = static_cast<ptrdiff_t>(old.size());
  // The first token starting after `offset`.
  auto after = [&](size_t offset) {
    return std::upper_bound(old.begin(), old.end(), offset, [](size_t o, const Token& t) { return o < t.start; }) -
           old.begin();
  };
  // The last space token that ends before `offset`, or -1.
  auto space_before = [&](size_t offset) {
    for (ptrdiff_t k = after(offset); k-- > 0;) {
      if (old[k].kind == TokenKind::kSpace && old[k].end < offset) return k;
    }
    return ptrdiff_t{-1};
  };
  // The first space token that starts after `offset`, or count.
  auto space_after = [&](size_t offset) {
    for (ptrdiff_t k = after(offset); k < count; ++k) {
      if (old[k].kind == TokenKind::kSpace && old[k].start > offset) return k;
    }
    return count;
  };
  auto moved = [](Token token, ptrdiff_t delta) {
    token.start = static_cast<uint32_t>(static_cast<ptrdiff_t>(token.start) + delta);
    token.end = static_cast<uint32_t>(static_cast<ptrdiff_t>(token.end) + delta);
    return token;
  };
  auto growth = [](const EditLayer::Span& edit) {
    return static_cast<ptrdiff_t>(edit.target_end - edit.target_start) -
           static_cast<ptrdiff_t>(edit.source_end - edit.source_start);
  };
  ptrdiff_t copy_from = 0;  // the next old token to copy
  ptrdiff_t delta = 0;      // target offset - source offset after the edits handled so far
  for (size_t e = 0; e < edits.size();) {
    // A stretch: from the space before edit e to the space after it, taking in the next edits
    // while their stretches overlap it.
    const ptrdiff_t left = space_before(edits[e].source_start);
    ptrdiff_t right = space_after(edits[e].source_end);
    const ptrdiff_t delta_before = delta;
    delta += growth(edits[e]);
    size_t last = e;
    while (last + 1 < edits.size() && (right == count || space_before(edits[last + 1].source_start) < right)) {
      ++last;
      delta += growth(edits[last]);
      right = std::max(right, space_after(edits[last].source_end));
    }
    for (ptrdiff_t k = copy_from; k <= left; ++k) out.push_back(moved(old[k], delta_before));
    const size_t from = left < 0 ? 0 : static_cast<size_t>(static_cast<ptrdiff_t>(old[left].end) + delta_before);
    const size_t to = right == count ? target.size() : static_cast<size_t>(static_cast<ptrdiff_t>(old[right].start) + delta);
    Status status = tokenizer.Tokenize(target.substr(from, to - from), &piece);
    if (!status.ok()) return status;
    for (Token& token : piece) out.push_back(moved(std::move(token), static_cast<ptrdiff_t>(from)));
    copy_from = right;
    // A combining mark left after white space an edit put there joins that space ("e\u0301"
    // cut after the "e"), and the white space after it then too: one run, as Tokenize makes it.
    if (right < count && !out.empty() && out.back().kind == TokenKind::kSpace && out.back().end == to) {
      Token& run = out.back();
      run.end = static_cast<uint32_t>(static_cast<ptrdiff_t>(old[right].end) + delta);
      const std::string_view space = target.substr(run.start, run.end - run.start);
      run.paragraph_break = std::count(space.begin(), space.end(), '\n') >= 2;
      copy_from = right + 1;
    }
    e = last + 1;
  }
  for (ptrdiff_t k = copy_from; k < count; ++k) out.push_back(moved(old[k], delta));
  *tokens = std::move(out);
  return Status::Ok();
}

}  // namespace unspin::internal
