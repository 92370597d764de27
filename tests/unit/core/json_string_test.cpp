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

}  // namespace
}  // namespace fte
