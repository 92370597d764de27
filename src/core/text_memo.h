// TextMemo<Value>: a value computed from a text, remembered by that text on the calling thread —
// for text that is the same for every ticket (the knowledge base's sections, titles and lines),
// so that each run does not recompute it. Bounded: `trim()` clears it once it holds `max` texts.
// References from `find`/`put`/`get` stay valid until the next `trim()` (node-based map; the
// callers trim once, at the start of a public function, before taking references).
// Not thread-safe: one per thread (declare it thread_local). Never throws except std::bad_alloc
// and what the compute function throws (nothing is stored then).
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace fte {

template <class Value>
class TextMemo {
 public:
  explicit TextMemo(std::size_t max) : max_(max) {}

  void trim() {
    if (map_.size() >= max_) map_.clear();
  }
  const Value* find(std::string_view text) const {
    auto it = map_.find(text);
    return it == map_.end() ? nullptr : &it->second;
  }
  const Value& put(std::string_view text, Value v) {
    return map_.insert_or_assign(std::string(text), std::move(v)).first->second;
  }
  template <class Compute>
  const Value& get(std::string_view text, Compute&& compute) {
    if (const Value* v = find(text)) return *v;
    return put(text, compute(text));
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> map_;
  std::size_t max_;
};

}  // namespace fte
