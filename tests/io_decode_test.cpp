// The decoding toolkit every reader uses: bounded reading of any source and strict JSON parsing.
// Each rule is checked through the toolkit and through at least one reader built on it.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "adva/error.hpp"
#include "adva/io/decode.hpp"
#include "adva/io/matrix_json.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/scenario_json.hpp"
#include "adva/io/smaa_json.hpp"
#include "cli_test_support.hpp"

namespace fs = std::filesystem;
using adva::io::parse_json;
using adva::io::read_limits;
using adva::io::read_source;

namespace {

struct scratch_dir {
    fs::path path;
    scratch_dir() {
        path = fs::temp_directory_path() / ("adva_decode_" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~scratch_dir() { fs::remove_all(path); }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
};

template <class Error = adva::invalid_input, class F>
Error caught(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    FAIL("no exception of the expected type");
    throw;  // unreachable
}

}  // namespace

TEST_CASE("duplicate keys are refused at their pointer, in every reader", "[io][decode]") {
    const auto e = caught([] { parse_json(R"({"a": {"b": 1, "b": 2}})"); });
    CHECK(e.id() == "adva.json.duplicate_key");
    CHECK(e.where() == "/a/b");
    const auto m = caught([] { adva::io::evaluate_decision_json(parse_json(R"({"matrix": [[1]], "matrix": [[2]]})")); });
    CHECK(m.id() == "adva.json.duplicate_key");
}

TEST_CASE("numbers outside the range of a double are refused with the number seen", "[io][decode]") {
    const auto e = caught([] { parse_json(R"({"matrix": [[1, 1e400]]})"); });
    CHECK(e.id() == "adva.json.number_range");
    CHECK(e.seen() == "1e400");
    CHECK(caught([] { parse_json("-1e309"); }).id() == "adva.json.number_range");
    // Tiny numbers underflow to zero or a subnormal, which is a double: accepted.
    CHECK(parse_json("1e-400").get<double>() == 0.0);
}

TEST_CASE("bytes after the document are refused, including after a NUL byte", "[io][decode]") {
    CHECK(caught([] { parse_json(R"({"a": 1} x)"); }).id() == "adva.json.parse");
    const std::string with_nul = std::string(R"({"a": 1})") + '\0' + "garbage";
    const auto e = caught([&] { parse_json(with_nul); });
    CHECK(e.id() == "adva.json.parse");
    CHECK_THAT(e.rule(), Catch::Contains("NUL byte at byte 8"));
}

TEST_CASE("syntax errors name the line, the column and the place being read", "[io][decode]") {
    const auto e = caught([] { parse_json("{\"matrix\": [\n  [1, 2],\n  [3, x]]}"); });
    CHECK(e.id() == "adva.json.parse");
    CHECK_THAT(e.rule(), Catch::StartsWith("not valid JSON at line 3, column 7:"));
    CHECK_THAT(e.where(), Catch::StartsWith("/matrix/1"));
}

TEST_CASE("invalid UTF-8 is refused and the message stays printable", "[io][decode]") {
    const auto e = caught([] { parse_json("{\"k\": \"\xff\xfe\"}"); });
    CHECK(e.id() == "adva.json.parse");
    for (unsigned char c : std::string(e.what())) CHECK(c < 0x80);
}

TEST_CASE("nesting is capped before it is built, so a million brackets cannot exhaust the stack", "[io][decode]") {
    const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
    const auto e = caught<adva::limit_exceeded>([&] { parse_json(deep); });
    CHECK(e.id() == "adva.json.limit");
    CHECK_THAT(e.rule(), Catch::Contains("nesting deeper than 64"));
    // Through the matrix reader and the model reader alike.
    CHECK_THROWS_AS(adva::io::parse_model(deep), adva::limit_exceeded);
}

TEST_CASE("unknown keys name their RFC 6901 pointer and list what is allowed", "[io][decode]") {
    const auto e = caught([] {
        adva::io::evaluate_decision_json(parse_json(R"({"matrix": [[1, 2]], "types": ["benefit", "cost"],
            "weights": [0.5, 0.5], "method": {"name": "wsm", "a/b~c": 1}})"));
    });
    CHECK(e.id() == "adva.json.unknown_key");
    CHECK(e.where() == "/method/a~1b~0c");
    CHECK_THAT(e.rule(), Catch::StartsWith("unknown key (allowed here: "));
}

TEST_CASE("read_source reads regular files and refuses oversized ones before reading", "[io][decode]") {
    scratch_dir d;
    CHECK(read_source(d.write("ok.json", "[1, 2]").string(), 100) == "[1, 2]");
    const auto big = d.write("big.json", std::string(200, ' '));
    const auto e = caught<adva::limit_exceeded>([&] { read_source(big.string(), 100); });
    CHECK(e.id() == "adva.limits.input_size");
    CHECK(e.where() == big.string());
    CHECK(e.seen() == "200 bytes");
}

TEST_CASE("read_source says what is wrong with a directory, a missing file or an empty name", "[io][decode]") {
    scratch_dir d;
    const auto dir = caught([&] { read_source(d.path.string(), 100, "model file"); });
    CHECK(dir.id() == "adva.io.read");
    CHECK(dir.rule() == "cannot read the model file");
    CHECK(dir.seen() == "it is a directory, not a file");
    const auto missing = caught([&] { read_source((d.path / "nope.json").string(), 100); });
    CHECK(missing.id() == "adva.io.read");
    CHECK(missing.seen() == "No such file or directory");
    CHECK(caught([&] { read_source("", 100); }).seen() == "the file name is empty");
}

TEST_CASE("a device that never ends is refused at its first NUL byte, not read for ever", "[io][decode]") {
    const auto e = caught([] { read_source("/dev/zero", std::size_t(1) << 30); });
    CHECK(e.id() == "adva.json.parse");
    CHECK(e.where() == "/dev/zero");
    CHECK_THAT(e.rule(), Catch::Contains("NUL byte at byte 0"));
}

TEST_CASE("an endless FIFO is cut off at the size cap while reading", "[io][decode]") {
    scratch_dir d;
    std::signal(SIGPIPE, SIG_IGN);  // the writer sees EPIPE, not a signal, when the reader stops
    const auto fifo = d.path / "endless";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::thread writer([&] {
        // Writes far more than the cap; stops when the reader closes its end (EPIPE).
        std::FILE* f = std::fopen(fifo.c_str(), "w");
        if (!f) return;
        const std::string block(4096, ' ');
        for (int i = 0; i < 1024 && std::fwrite(block.data(), 1, block.size(), f) == block.size(); ++i) {
        }
        std::fclose(f);
    });
    const auto e = caught<adva::limit_exceeded>([&] { read_source(fifo.string(), 100'000); });
    writer.join();
    CHECK(e.id() == "adva.limits.input_size");
}

TEST_CASE("the CLI refuses hostile sources with exit status 2 and names the problem", "[io][decode][cli]") {
    scratch_dir d;
    using adva::testing::run_adva;
    using adva::testing::shell_quote;
    auto r = run_adva("evaluate " + shell_quote(d.path.string()), d.path);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("[adva.io.read]") && Catch::Contains("directory"));
    r = run_adva("evaluate /dev/zero", d.path);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("NUL byte"));
    r = run_adva("weights " + shell_quote(d.write("deep.json", std::string(100'000, '[') + std::string(100'000, ']')).string()), d.path);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("[adva.json.limit]"));
    r = run_adva("evaluate " + shell_quote(d.write("dup.json", R"({"matrix": [[1]], "matrix": [[1]]})").string()), d.path);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("[adva.json.duplicate_key] /matrix"));
    r = run_adva("evaluate " + shell_quote(d.write("big.json", R"({"matrix": [[1e400]]})").string()), d.path);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("[adva.json.number_range] /matrix/0/0"));
    r = run_adva("validate " + shell_quote(d.write("nul.json", std::string("{}") + '\0' + "x").string()), d.path);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("NUL byte at byte 2"));
    r = run_adva("smaa --replay " + shell_quote(d.path.string()), d.path);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("replay file"));
}

TEST_CASE("scenario and SMAA readers share the toolkit's wording", "[io][decode]") {
    scratch_dir d;
    const auto f = d.write("s.json", R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [], "colour": 1})");
    const auto e = caught([&] { adva::io::load_scenarios(f); });
    CHECK(e.id() == "adva.json.unknown_key");
    CHECK(e.where() == "/colour");
    const auto s = caught([] {
        adva::io::smaa_problem_from_json(parse_json(R"({"matrix": [[1, 2]], "types": ["benefit", "cost"],
            "uncertainty": [[{"distribution": "lognormal", "lower": 0, "upper": 1}, null]]})"));
    });
    CHECK(s.id() == "adva.json.unknown_name");
    CHECK(s.where() == "/uncertainty/0/0/distribution");
}
