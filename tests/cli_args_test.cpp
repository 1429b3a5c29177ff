// The argument rules of every adva command (src/cli/args.hpp): parse_args called directly, and the
// built CLI run with exact argument vectors (posix_spawn, no shell), hostile ones included.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options/cmdline.hpp>
#include <boost/program_options/errors.hpp>
#include <nlohmann/json.hpp>

#include "args.hpp"

namespace fs = std::filesystem;
namespace po = boost::program_options;
using adva::cli::count_range;
using adva::cli::option_spec;
using adva::cli::parse_args;

namespace {

const std::vector<option_spec> lock_like = {{"by"}, {"out"}, {"force", false}, {"threads", count_range{0, 1024}}};

/// parse_args for a command "test" taking 0 to 2 positionals.
adva::cli::parsed_args parse(const std::vector<std::string>& a) { return parse_args(a, "test", lock_like, 0, 2); }

/// The message of the usage error parse() throws ("" when it throws none); every error is adva.cli.usage.
std::string usage_message(const std::vector<std::string>& a) {
    try {
        parse(a);
    } catch (const adva::invalid_input& e) {
        CHECK(e.id() == "adva.cli.usage");
        return e.what();
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct run_result {
    int status = -1;
    std::string out, err;
};

std::string read_text(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

/// Runs the built adva with exactly these arguments (no shell: any bytes, any count), standard
/// input from /dev/null, the output streams through files.
run_result run_adva(const std::vector<std::string>& arguments) {
    const fs::path dir = fs::temp_directory_path() / ("adva_cli_args_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string out = (dir / "stdout").string(), err = (dir / "stderr").string();
    std::vector<std::string> words = {ADVA_CLI_PATH};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, ADVA_CLI_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(spawned == 0);
    int raw = 0;
    REQUIRE(::waitpid(pid, &raw, 0) == pid);
    run_result r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_text(out), read_text(err)};
    fs::remove_all(dir);
    return r;
}

}  // namespace

TEST_CASE("values as --name VALUE or --name=VALUE, flags, -h and --help", "[cli][args]") {
    const auto p = parse({"model.json", "--by", "Board", "--out=result.json", "--force"});
    CHECK(p.positional == std::vector<std::string>{"model.json"});
    CHECK(p.value("by") == "Board");
    CHECK(p.value("out") == "result.json");
    CHECK_FALSE(p.value("threads"));
    CHECK(p.flag("force"));
    CHECK_FALSE(p.help);
    CHECK(parse({"-h"}).help);
    CHECK(parse({"--help"}).help);
    CHECK_FALSE(parse({}).flag("force"));

    // The value is the next word whatever it looks like; only -h is taken for help.
    CHECK(parse({"--out", "-"}).value("out") == "-");
    CHECK(parse({"--out", "--force"}).value("out") == "--force");
    CHECK(parse({"--out", "--"}).value("out") == "--");
    CHECK(parse({"--by", "-1"}).value("by") == "-1");
    CHECK(usage_message({"--by", "-h"}) == "[adva.cli.usage] adva test: --by needs a value (see 'adva test --help')");

    // Embedded "=": only the first one separates the name.
    CHECK(parse({"--by=a=b"}).value("by") == "a=b");
    CHECK(parse({"--by", "x=y"}).value("by") == "x=y");
    CHECK(parse({"--by==="}).value("by") == "==");
}

TEST_CASE("\"--\" ends the options and \"-\" is a positional", "[cli][args]") {
    const auto p = parse_args({"--", "--out", "-h", "--", ""}, "test", lock_like, 0, 4);
    CHECK(p.positional == std::vector<std::string>{"--out", "-h", "--", ""});
    CHECK_FALSE(p.value("out"));
    CHECK_FALSE(p.help);
    CHECK(parse({"-", "--force"}).positional == std::vector<std::string>{"-"});
    CHECK(parse({"--out", "x", "--", "-"}).positional == std::vector<std::string>{"-"});
    CHECK(parse({""}).positional == std::vector<std::string>{""});  // an empty positional stays one (the command judges it)
}

TEST_CASE("unknown options are usage errors naming the command and the option", "[cli][args]") {
    const auto unknown = [](const std::string& seen) {
        return "[adva.cli.usage] adva test: unknown option (see 'adva test --help') (seen: \"" + seen + "\")";
    };
    CHECK(usage_message({"--outt"}) == unknown("--outt"));
    CHECK(usage_message({"--outt=x"}) == unknown("--outt"));
    CHECK(usage_message({"--ou", "x"}) == unknown("--ou"));  // no abbreviations
    CHECK(usage_message({"--OUT", "x"}) == unknown("--OUT"));
    CHECK(usage_message({"---out", "x"}) == unknown("---out"));
    CHECK(usage_message({"-x"}) == unknown("-x"));
    CHECK(usage_message({"-hf"}) == "[adva.cli.usage] adva test: --help takes no value (see 'adva test --help')");
    CHECK(usage_message({"--=x"}) == unknown("--"));
    CHECK(usage_message({"--="}) == unknown("--"));
    CHECK(usage_message({"model.json", "--help", "--outt"}) == unknown("--outt"));  // even with --help
}

TEST_CASE("missing and empty values, values given to flags", "[cli][args]") {
    CHECK(usage_message({"--out"}) == "[adva.cli.usage] adva test: --out needs a value (see 'adva test --help')");
    CHECK(usage_message({"--out="}) == "[adva.cli.usage] adva test: --out needs a value (see 'adva test --help') (seen: \"\")");
    CHECK(usage_message({"--out", ""}) == "[adva.cli.usage] adva test: --out needs a value (see 'adva test --help') (seen: \"\")");
    CHECK(usage_message({"--force=yes"}) == "[adva.cli.usage] adva test: --force takes no value (see 'adva test --help')");
    CHECK(usage_message({"--help=1"}) == "[adva.cli.usage] adva test: --help takes no value (see 'adva test --help')");
}

TEST_CASE("an option given twice is a usage error", "[cli][args]") {
    CHECK(usage_message({"--out", "a", "--out", "b"}) ==
          "[adva.cli.usage] adva test: --out given twice (see 'adva test --help') (seen: \"--out\")");
    CHECK(usage_message({"--out=a", "--out=a"}) ==
          "[adva.cli.usage] adva test: --out given twice (see 'adva test --help') (seen: \"--out=a\")");
    CHECK(contains(usage_message({"--force", "--force"}), "--force given twice"));
    CHECK(contains(usage_message({"-h", "--help"}), "--help given twice"));
    CHECK(contains(usage_message({"--threads", "1", "--threads", "1"}), "--threads given twice"));
}

TEST_CASE("positional counts, unless --help", "[cli][args]") {
    CHECK(usage_message({"a", "b", "c"}) ==
          "[adva.cli.usage] adva test: too many arguments: expected at most 2 (see 'adva test --help') (seen: \"c\")");
    CHECK(contains(usage_message({"--", "a", "b", "-"}), "too many arguments: expected at most 2"));
    try {
        parse_args({}, "explain", {}, 3, 3);
        FAIL("no error");
    } catch (const adva::invalid_input& e) {
        CHECK(std::string(e.what()) ==
              "[adva.cli.usage] adva explain: missing argument: expected at least 3 (see 'adva explain --help')");
    }
    CHECK(parse_args({"--help"}, "explain", {}, 3, 3).help);
    CHECK(parse({"a", "b", "c", "--help"}).help);
    // A command that takes no argument but writes a file says how to name it (adva init starter.json).
    const auto extra_for = [](const std::vector<adva::cli::option_spec>& specs) {
        try {
            parse_args({"starter.json"}, "init", specs, 0, 0);
        } catch (const adva::invalid_input& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(extra_for(lock_like) ==
          "[adva.cli.usage] adva init: too many arguments: expected at most 0; name the file to write with --out FILE "
          "(see 'adva init --help') (seen: \"starter.json\")");
    CHECK(extra_for({{"force", false}}) ==
          "[adva.cli.usage] adva init: too many arguments: expected at most 0 (see 'adva init --help') (seen: \"starter.json\")");
}

TEST_CASE("whole numbers: digits only, within the option's range, the error names the option", "[cli][args]") {
    using adva::cli::parse_count;
    const count_range threads{0, 1024}, any{};
    CHECK(parse_count("0", "--threads", threads, "smaa") == 0);
    CHECK(parse_count("1024", "--threads", threads, "smaa") == 1024);
    CHECK(parse_count("007", "--threads", threads, "smaa") == 7);
    CHECK(parse_count("18446744073709551615", "--seed", any, "smaa") == UINT64_MAX);
    for (const std::string bad : {"-1", "1e3", "12abc", "", "+1", " 1", "1 ", "0x10", "1.0", "1,000", "\xd9\xa1",
                                  "18446744073709551616", "99999999999999999999999999", "1025", "-0"}) {
        INFO(bad);
        try {
            parse_count(bad, "--threads", threads, "smaa");
            FAIL("accepted");
        } catch (const adva::invalid_input& e) {
            CHECK(e.id() == "adva.cli.usage");
            CHECK(e.where() == "--threads");
            CHECK(e.rule() == "needs a whole number from 0 to 1024 (see 'adva smaa --help')");
            CHECK(e.seen() == nlohmann::json(bad).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
    }
    CHECK_THROWS_WITH(parse_count("18446744073709551616", "--seed", any, "smaa"),
                      "[adva.cli.usage] --seed: needs a whole number from 0 to 18446744073709551615 (see 'adva smaa --help') "
                      "(seen: \"18446744073709551616\")");
    CHECK_THROWS_WITH(parse_count("0", "--samples", count_range{1}, "smaa"), Catch::Contains("from 1 to"));

    // Declared with a range, checked while parsing (after --help, like the positional counts).
    CHECK(parse({"--threads", "12"}).unsigned_value("threads", 0) == 12);
    CHECK(parse({}).unsigned_value("threads", 7) == 7);
    CHECK(parse({"--threads=3"}).value("threads") == "3");
    CHECK(usage_message({"--threads", "2000"}) ==
          "[adva.cli.usage] --threads: needs a whole number from 0 to 1024 (see 'adva test --help') (seen: \"2000\")");
    CHECK(parse({"--threads", "x", "--help"}).help);
}

TEST_CASE("every exception of Boost.Program_options becomes adva.cli.usage in words", "[cli][args]") {
    using adva::cli::usage_error_from;
    const auto check = [](const po::error& e, const std::string& expected) {
        const adva::invalid_input u = usage_error_from(e, "test");
        CHECK(u.id() == "adva.cli.usage");
        CHECK(std::string(u.what()) == expected);
        CHECK_FALSE(contains(u.what(), e.what()));
    };
    check(po::unknown_option("--colour=red"),
          "[adva.cli.usage] adva test: unknown option (see 'adva test --help') (seen: \"--colour\")");
    po::invalid_command_line_syntax missing(po::invalid_syntax::missing_parameter);
    missing.add_context("out", "--out", po::command_line_style::allow_long);
    check(missing, "[adva.cli.usage] adva test: --out needs a value (see 'adva test --help')");
    po::invalid_command_line_syntax extra(po::invalid_syntax::extra_parameter);
    extra.add_context("force", "--force=1", po::command_line_style::allow_long);
    check(extra, "[adva.cli.usage] adva test: --force takes no value (see 'adva test --help')");
    // Those the parser's settings rule out still map: no abbreviations, no stored values, no
    // positional description, no long options after one dash.
    check(po::ambiguous_option({"out", "outline"}), "[adva.cli.usage] adva test: malformed arguments (see 'adva test --help')");
    po::multiple_occurrences twice;
    twice.add_context("out", "--out", po::command_line_style::allow_long);
    check(twice, "[adva.cli.usage] adva test: malformed arguments (see 'adva test --help') (seen: \"--out\")");
    check(po::too_many_positional_options_error(), "[adva.cli.usage] adva test: malformed arguments (see 'adva test --help')");
    check(po::invalid_command_line_syntax(po::invalid_syntax::long_not_allowed),
          "[adva.cli.usage] adva test: malformed arguments (see 'adva test --help')");
    check(po::invalid_command_line_style("short_allow_next"),
          "[adva.cli.usage] adva test: malformed arguments (see 'adva test --help')");
    check(po::validation_error(po::validation_error::invalid_option_value),
          "[adva.cli.usage] adva test: malformed arguments (see 'adva test --help')");
}

TEST_CASE("hostile arguments: 1 MB words, bytes that are not UTF-8, 10 000 words", "[cli][args]") {
    const std::string mega(1 << 20, 'x');
    CHECK(parse({"--by", mega}).value("by") == mega);
    CHECK(parse({"--by=" + mega + "=" + mega}).value("by") == mega + "=" + mega);
    CHECK(parse({mega}).positional == std::vector<std::string>{mega});
    // The error shows the first 100 bytes only.
    const std::string long_option = usage_message({"--" + mega});
    CHECK(contains(long_option, "(seen: \"--" + std::string(98, 'x') + "...\")"));
    CHECK(long_option.size() < 300);
    CHECK(usage_message({"a", "b", mega}).size() < 300);

    const std::string bytes = "caf\xe9\xff\xfe\x80";
    CHECK(parse({"--by", bytes}).value("by") == bytes);  // values pass through unchanged
    CHECK(parse({bytes}).positional == std::vector<std::string>{bytes});
    // Shown as valid JSON text, each stray byte as U+FFFD.
    const std::string bad_option = usage_message({"--" + bytes});
    const auto seen_at = bad_option.find("(seen: ");
    REQUIRE(seen_at != std::string::npos);
    const auto seen = nlohmann::json::parse(bad_option.substr(seen_at + 7, bad_option.size() - seen_at - 8));
    CHECK(seen == "--caf\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    CHECK(contains(usage_message({std::string("--by\0x", 5)}), "unknown option"));
    CHECK(parse({"--by", std::string("a\0b", 3)}).value("by") == std::string("a\0b", 3));

    // No valid command line is longer than its options (two words each), -h, "--" and the
    // positionals: longer ones are refused before parsing.
    const std::vector<std::string> many(10000, "a");
    CHECK(usage_message(many) ==
          "[adva.cli.usage] adva test: too many arguments: expected at most 12 words (see 'adva test --help') "
          "(seen: 10000 words)");
    std::vector<std::string> repeated;
    for (int i = 0; i < 5000; ++i) repeated.insert(repeated.end(), {"--out", "x"});
    CHECK(contains(usage_message(repeated), "too many arguments"));
    CHECK(parse_args(many, "test", lock_like, 0, 10000).positional.size() == 10000);
    std::vector<std::string> near_limit = {"--out", "x", "--by", "y", "--threads", "1", "--force", "-h", "--", "p", "q"};
    CHECK(parse(near_limit).help);
}

TEST_CASE("the CLI: usage errors exit 2 with one line naming the command and the option", "[cli][args]") {
    const auto outt = run_adva({"appraise", "--outt"});
    CHECK(outt.status == 2);
    CHECK(outt.out.empty());
    CHECK(outt.err ==
          "adva: error: [adva.cli.usage] adva appraise: unknown option (see 'adva appraise --help') (seen: \"--outt\")\n");

    const fs::path dir = fs::temp_directory_path() / ("adva_cli_args_files_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string a = (dir / "a.json").string(), b = (dir / "b.json").string();
    const auto twice = run_adva({"init", "--out", a, "--out", b});
    CHECK(twice.status == 2);
    CHECK(twice.err == "adva: error: [adva.cli.usage] adva init: --out given twice (see 'adva init --help') (seen: \"--out\")\n");
    CHECK_FALSE(fs::exists(a));
    CHECK_FALSE(fs::exists(b));

    // --name=VALUE with "=" inside the value; options after the positional or "--" before it.
    REQUIRE(run_adva({"init", "--out=" + a}).status == 0);
    fs::copy_file(std::string(ADVA_SOURCE_DIR) + "/examples/childrens_services.json", a, fs::copy_options::overwrite_existing);
    REQUIRE(run_adva({"reopen", "--by=Board=2024", "--reason", "x", "--out", b, "--", a}).status == 0);
    CHECK(contains(read_text(b), "\"Board=2024\""));
    CHECK(run_adva({"validate", b}).status == 0);
    fs::remove_all(dir);

    // After "--" a word that starts with dashes is a file name (here one that does not exist).
    const auto dashed = run_adva({"validate", "--", "--no-such-model.json"});
    CHECK(dashed.status == 2);
    CHECK(contains(dashed.err, "--no-such-model.json"));
    CHECK_FALSE(contains(dashed.err, "adva.cli.usage"));
    CHECK(contains(run_adva({"validate", "--no-such-model.json"}).err, "[adva.cli.usage] adva validate: unknown option"));

    const auto flag = run_adva({"init", "--force=yes"});
    CHECK(flag.status == 2);
    CHECK(flag.err == "adva: error: [adva.cli.usage] adva init: --force takes no value (see 'adva init --help')\n");
    const auto empty = run_adva({"appraise", "--format", ""});
    CHECK(empty.status == 2);
    CHECK(contains(empty.err, "--format needs a value"));
}

TEST_CASE("the CLI: whole-number options refuse anything but digits in range", "[cli][args]") {
    for (const std::string bad : {"-1", "1e3", "12abc", "", "+4", " 4", "18446744073709551616", "2000"}) {
        INFO(bad);
        const auto r = run_adva({"smaa", "--threads", bad});
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        if (!bad.empty()) CHECK(contains(r.err, "adva: error: [adva.cli.usage] --threads: needs a whole number from 0 to 1024"));
    }
    const auto samples = run_adva({"smaa", "--samples", "0"});
    CHECK(samples.status == 2);
    CHECK(contains(samples.err, "[adva.cli.usage] --samples: needs a whole number from 1 to 18446744073709551615"));
    CHECK(contains(run_adva({"smaa", "--seed", "-5"}).err, "[adva.cli.usage] --seed: needs a whole number"));
    const auto batch = run_adva({"batch", "scenarios.json", "--out", "r.jsonl", "--threads", "1e3"});
    CHECK(batch.status == 2);
    CHECK(batch.err ==
          "adva: error: [adva.cli.usage] --threads: needs a whole number from 0 to 1024 (see 'adva batch --help') (seen: \"1e3\")\n");
}

TEST_CASE("the CLI: hostile arguments end in one usage line", "[cli][args]") {
    // The kernel bounds one argument to 128 KiB: the 1 MB case is parse_args' above.
    const auto long_word = run_adva({"appraise", "--" + std::string(100000, 'y')});
    CHECK(long_word.status == 2);
    CHECK(long_word.err.size() < 300);
    CHECK(contains(long_word.err, "unknown option"));

    const auto bytes = run_adva({"appraise", "--\xff\xfe"});
    CHECK(bytes.status == 2);
    CHECK(contains(bytes.err, "(seen: \"--\xef\xbf\xbd\xef\xbf\xbd\")"));

    std::vector<std::string> many = {"validate"};
    many.insert(many.end(), 10000, "m.json");
    const auto crowd = run_adva(many);
    CHECK(crowd.status == 2);
    CHECK(crowd.err == "adva: error: [adva.cli.usage] adva validate: too many arguments: expected at most 5 words (see 'adva "
                       "validate --help') (seen: 10000 words)\n");
}

TEST_CASE("the CLI: every command's help exits 0", "[cli][args][help]") {
    for (const std::string command : {"init", "questions", "validate", "lock", "reopen", "appraise", "explain", "evaluate",
                                      "weights", "sensitivity", "what-if", "smaa", "compare", "batch"}) {
        INFO(command);
        for (const auto& words : {std::vector<std::string>{command, "--help"}, std::vector<std::string>{command, "-h"},
                                  std::vector<std::string>{"help", command}}) {
            const auto r = run_adva(words);
            CHECK(r.status == 0);
            CHECK(r.out.rfind("usage: adva " + command, 0) == 0);
            CHECK(r.err.empty());
        }
    }
    const auto top = run_adva({"--help"});
    CHECK(top.status == 0);
    CHECK(contains(top.out, "each at most\nonce"));
}
