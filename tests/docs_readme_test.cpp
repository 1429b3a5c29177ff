// The README never lies: its C++ embedding example is examples/embedding.cpp verbatim (which the
// build compiles and ctest runs), and the commands it promises exist in the Makefile.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace {
std::string read_file(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("README shows examples/embedding.cpp verbatim") {
    const std::string readme = read_file(ADVA_SOURCE_DIR "/README.md");
    const std::string example = read_file(ADVA_SOURCE_DIR "/examples/embedding.cpp");
    const std::string marker = "<!-- embedding-example: examples/embedding.cpp -->\n```cpp\n";
    const auto start = readme.find(marker);
    REQUIRE(start != std::string::npos);
    const auto body = start + marker.size();
    const auto end = readme.find("```\n", body);
    REQUIRE(end != std::string::npos);
    CHECK(readme.substr(body, end - body) == example);
}

TEST_CASE("README's two commands are Makefile targets") {
    const std::string readme = read_file(ADVA_SOURCE_DIR "/README.md");
    const std::string makefile = read_file(ADVA_SOURCE_DIR "/Makefile");
    for (const char* target : {"demo", "test"}) {
        CHECK(readme.find(std::string("make ") + target) != std::string::npos);
        CHECK(makefile.find(std::string("\n") + target + ":") != std::string::npos);
    }
}
