#include "edit_layer.h"

#include <algorithm>

namespace unspin::internal {

EditLayer::EditLayer(std::string_view source, const std::vector<Change>& changes) : source_(source) {
  size_t position = 0;
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& change = changes[i];
    if (!change.applied || change.start < position) continue;
    target_.append(source.substr(position, change.start - position));
    Applied applied{i, change.start, change.end, target_.size(), 0};
    target_.append(change.after);
    applied.target_end = target_.size();
    applied_.push_back(applied);
    position = change.end;
  }
  target_.append(source.substr(std::min(position, source.size())));
  if (applied_.empty()) target_ = std::string();  // target() is the source: no copy kept
}

size_t EditLayer::ToSource(size_t target_offset) const {
  // The last edit that starts at or before the offset decides the shift.
  auto it = std::upper_bound(applied_.begin(), applied_.end(), target_offset,
                             [](size_t offset, const Applied& a) { return offset < a.target_start; });
  if (it == applied_.begin()) return target_offset;
  const Applied& edit = *(it - 1);
  if (target_offset >= edit.target_end) return edit.source_end + (target_offset - edit.target_end);
  return target_offset == edit.target_start ? edit.source_start : edit.source_end;  // inside: the edit's end
}

namespace {

// The edit shares bytes with the change, or is a deletion strictly inside it.
bool Touches(size_t edit_start, size_t edit_end, const Change& change) {
  const bool overlaps = edit_start < change.end && change.start < edit_end;
  const bool deletion_inside = edit_start == edit_end && change.start < edit_start && edit_start < change.end;
  return overlaps || deletion_inside;
}

}  // namespace

std::vector<size_t> EditLayer::Overlapping(const Change& change) const {
  std::vector<size_t> found;
  auto first = std::lower_bound(applied_.begin(), applied_.end(), change.start,
                                [](const Applied& a, size_t start) { return a.target_end < start; });
  for (auto it = first; it != applied_.end() && it->target_start <= change.end; ++it) {
    if (Touches(it->target_start, it->target_end, change)) found.push_back(it->index);
  }
  return found;
}

void EditLayer::MapBack(Change* change, std::vector<size_t>* absorbed) const {
  size_t target_start = change->start, target_end = change->end;
  // Edits ending before the change starts cannot touch it; skip them by binary search.
  auto first = std::lower_bound(applied_.begin(), applied_.end(), change->start,
                                [](const Applied& a, size_t start) { return a.target_end < start; });
  for (auto it = first; it != applied_.end(); ++it) {
    const Applied& edit = *it;
    if (edit.target_start > target_end) break;
    if (!Touches(edit.target_start, edit.target_end, *change)) continue;
    target_start = std::min(target_start, edit.target_start);
    target_end = std::max(target_end, edit.target_end);
    if (change->applied) absorbed->push_back(edit.index);
  }
  const std::string_view target = this->target();
  change->after = std::string(target.substr(target_start, change->start - target_start)) + change->after +
                  std::string(target.substr(change->end, target_end - change->end));
  change->start = ToSource(target_start);
  change->end = std::max(change->start, ToSource(target_end));
  change->before = std::string(source_.substr(change->start, change->end - change->start));
}

void SortChanges(std::vector<Change>* changes) {
  std::stable_sort(changes->begin(), changes->end(), [](const Change& a, const Change& b) {
    if (a.start != b.start) return a.start < b.start;
    return (a.start == a.end) && (b.start != b.end);  // insertions first
  });
}

std::vector<EditLayer::Span> EditLayer::EditSpans() const {
  std::vector<Span> spans;
  spans.reserve(applied_.size());
  for (const Applied& a : applied_) spans.push_back({a.source_start, a.source_end, a.target_start, a.target_end});
  return spans;
}

}  // namespace unspin::internal
