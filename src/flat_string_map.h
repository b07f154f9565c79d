// A read-mostly map from strings to small values: open addressing over one block of characters,
// so a lookup touches a slot and the key's bytes, where a node-based map chases pointers. For
// tables built once and then looked up on the hot path (the word list, the LM's vocabulary).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fnv.h"

namespace unspin::internal {

template <typename Value>
class FlatStringMap {
 public:
  // Room for `keys` keys without growing.
  void Reserve(size_t keys) {
    if (2 * keys > slots_.size()) Rehash(keys);
  }

  // The value for `key`, added value-initialised when absent (`*added` says which).
  Value& Emplace(std::string_view key, bool* added) {
    if (2 * (size_ + 1) > slots_.size()) Rehash(size_ + 1);
    Slot& slot = slots_[Probe(key)];
    *added = !slot.used;
    if (!slot.used) {
      slot = {static_cast<uint32_t>(chars_.size()), static_cast<uint32_t>(key.size()), true, Value{}};
      chars_.append(key);
      ++size_;
    }
    return slot.value;
  }

  // The value for `key`, or null.
  const Value* Find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const Slot& slot = slots_[Probe(key)];
    return slot.used ? &slot.value : nullptr;
  }

 private:
  struct Slot {
    uint32_t offset = 0, length = 0;
    bool used = false;
    Value value{};
  };
  static uint64_t Hash(std::string_view key) {
    const uint64_t h = Fnv1a(key);  // then a final mix for the low bits
    return h ^ (h >> 29);
  }
  // The slot holding `key`, or the empty one where it would go (the table is at most half full).
  size_t Probe(std::string_view key) const {
    const size_t mask = slots_.size() - 1;
    size_t i = Hash(key) & mask;
    while (slots_[i].used && !(slots_[i].length == key.size() && chars_.compare(slots_[i].offset, slots_[i].length, key) == 0)) {
      i = (i + 1) & mask;
    }
    return i;
  }
  void Rehash(size_t keys) {
    size_t size = 16;
    while (size < 2 * keys) size *= 2;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(size, Slot{});
    for (Slot& slot : old) {
      if (slot.used) slots_[Probe(std::string_view(chars_).substr(slot.offset, slot.length))] = std::move(slot);
    }
  }

  std::string chars_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t size_ = 0;
};

}  // namespace unspin::internal
