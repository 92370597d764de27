// jsonu::append_string, the one JSON string writer for text built by hand: byte for byte what
// json::serialize writes, for every single byte and for mixed text (envelopes, the intake event and
// the log lines compare equal to serialize only if this holds).
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <string>

#include "core/json_util.h"

namespace fte {
namespace {

std::string serialized(std::string_view v) {
  return boost::json::serialize(boost::json::string_view(v.data(), v.size()));
}

std::string appended(std::string_view v) {
  std::string out = "x";  // appends after what is there
  jsonu::append_string(out, v);
  return out.substr(1);
}

TEST(JsonString, EveryByteIsWrittenAsSerializeWritesIt) {
  for (int c = 0; c < 256; ++c) {
    std::string one(1, static_cast<char>(c));
    EXPECT_EQ(appended(one), serialized(one)) << "byte " << c;
    std::string mixed = "a" + one + "b\"c\\d" + one;
    EXPECT_EQ(appended(mixed), serialized(mixed)) << "byte " << c;
  }
}

TEST(JsonString, TextAsCustomersWriteItIsWrittenAsSerializeWritesIt) {
  for (std::string_view v :
       {std::string_view(""), std::string_view("plain"), std::string_view("line\nnext\r\n\ttab"),
        std::string_view("“curly” quotes — and an é"), std::string_view("{\"json\": [1, 2]}"),
        std::string_view("nul\0inside", 10)})
    EXPECT_EQ(appended(v), serialized(v));
}

// The writer skips eight bytes at a time when none needs an escape: every byte value at every
// position of texts longer than a word (plain ASCII around it, and UTF-8 whose bytes are >= 0x80).
TEST(JsonString, EveryByteAtEveryPositionOfALongTextIsWrittenAsSerializeWritesIt) {
  for (std::string_view fill :
       {std::string_view("abcdefgh"), std::string_view("\xc3\xa9\xe2\x80\x94\xc3\xa9\x7e")}) {
    for (std::size_t len : {8u, 9u, 15u, 16u, 17u, 31u}) {
      std::string base;
      while (base.size() < len) base += fill;
      base.resize(len);
      for (std::size_t at = 0; at < len; ++at)
        for (int c = 0; c < 256; ++c) {
          std::string v = base;
          v[at] = static_cast<char>(c);
          ASSERT_EQ(appended(v), serialized(v)) << "byte " << c << " at " << at << " of " << len;
        }
    }
  }
  std::string many(100, '"');
  many[50] = '\n';
  EXPECT_EQ(appended(many), serialized(many));
}

}  // namespace
}  // namespace fte
