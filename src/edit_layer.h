// EditLayer: a text with some edits made to it, and the way back. Repairs produce changes on the
// input; the text with the applied ones made is what the next stage reads. Changes that later
// stages find in that text are mapped back through the layers to input byte offsets, the way
// sentencepiece's normalizer keeps a map to the original offsets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "unspin/change.h"

namespace unspin::internal {

class EditLayer {
 public:
  // `changes` are on `source`, sorted by start, with non-overlapping applied ones (unapplied ones
  // are ignored). The layer keeps views into `source`; it must outlive the layer.
  EditLayer(std::string_view source, const std::vector<Change>& changes);

  // The text with the applied edits made (the source itself when there are none).
  std::string_view target() const { return applied_.empty() ? source_ : std::string_view(target_); }

  // Maps `change` (offsets into target()) to offsets into the source. A change that overlaps an
  // applied edit of this layer grows to cover it: its before/after take in the edit's text, and
  // when the change is applied the edit's index is added to `absorbed` (the caller drops those
  // edits, which the change now carries).
  void MapBack(Change* change, std::vector<size_t>* absorbed) const;

  // The applied edits (their indexes into the constructor's `changes`) that MapBack would take
  // into `change`.
  std::vector<size_t> Overlapping(const Change& change) const;

  // Where the applied edits are, in order: source [source_start, source_end) became target
  // [target_start, target_end).
  struct Span {
    size_t source_start, source_end;
    size_t target_start, target_end;
  };
  std::vector<Span> EditSpans() const;
  std::string_view source() const { return source_; }

 private:
  struct Applied {
    size_t index;          // into the constructor's `changes`
    size_t source_start, source_end;
    size_t target_start, target_end;
  };
  size_t ToSource(size_t target_offset) const;

  std::string_view source_;
  std::string target_;
  std::vector<Applied> applied_;
};

// Sorts changes by start (insertions before changes that start at the same place), keeping
// the relative order of equal ones.
void SortChanges(std::vector<Change>* changes);

}  // namespace unspin::internal
