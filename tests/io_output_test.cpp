// The output policy (adva/io/output.hpp): regular files replaced whole and only on request, never
// onto an input (by name, symbolic link or hard link), devices and FIFOs written into and left as
// they are, directories refused, and no temporary file left behind by a failure.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adva/error.hpp"
#include "adva/io/output.hpp"

namespace fs = std::filesystem;
using adva::io::if_exists;
using adva::io::output_kind;
using adva::io::output_target;
using adva::io::write_file;

namespace {

struct temp_dir {
    fs::path path;
    temp_dir() {
        static int n = 0;
        path = fs::temp_directory_path() / ("adva_io_output_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
};

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

struct stat stat_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st;
}

/// Matches an adva::error by id and where.
auto error_with(const std::string& id, const std::string& where) {
    return Catch::Predicate<adva::error>([=](const adva::error& e) { return e.id() == id && e.where() == where; },
                                         "error " + id + " at " + where);
}

}  // namespace

TEST_CASE("a regular file is created, then replaced whole only on request", "[io][output]") {
    temp_dir dir;
    const fs::path file = dir.path / "out.txt";
    write_file(file, "first\n", if_exists::refuse);
    CHECK(read_text(file) == "first\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.txt"});

    REQUIRE_THROWS_MATCHES(write_file(file, "second\n", if_exists::refuse, "--out"), adva::invalid_input,
                           error_with("adva.io.output_exists", "--out"));
    CHECK(read_text(file) == "first\n");

    // Replacing is a rename of a new file: a hard link to the old one keeps the old content, and
    // the replacement keeps the old file's mode.
    fs::create_hard_link(file, dir.path / "old.txt");
    REQUIRE(::chmod(file.c_str(), 0600) == 0);
    write_file(file, "second\n", if_exists::replace);
    CHECK(read_text(file) == "second\n");
    CHECK(read_text(dir.path / "old.txt") == "first\n");
    CHECK((stat_of(file).st_mode & 07777) == 0600);
    CHECK(dir.entries() == std::vector<std::string>{"old.txt", "out.txt"});  // no temporary file left
}

TEST_CASE("a symbolic link to a regular file: the file is replaced, the link stays", "[io][output]") {
    temp_dir dir;
    write_text(dir.path / "real.txt", "old");
    fs::create_symlink(dir.path / "real.txt", dir.path / "link.txt");
    write_file(dir.path / "link.txt", "new", if_exists::replace);
    CHECK(fs::is_symlink(dir.path / "link.txt"));
    CHECK(read_text(dir.path / "real.txt") == "new");
    CHECK(dir.entries() == std::vector<std::string>{"link.txt", "real.txt"});
}

TEST_CASE("the output is never one of the inputs, by name, symbolic link or hard link", "[io][output]") {
    temp_dir dir;
    const fs::path model = dir.path / "model.json";
    write_text(model, "the model");
    fs::create_symlink(model, dir.path / "link.json");
    fs::create_hard_link(model, dir.path / "hard.json");
    write_text(dir.path / "other.json", "other");

    for (const std::string name : {"model.json", "link.json", "hard.json"}) {
        INFO(name);
        output_target target(dir.path / name, "--out", if_exists::replace);
        target.add_input(model, "the model file");
        REQUIRE_THROWS_MATCHES(target.check(), adva::invalid_input, error_with("adva.io.output_is_input", "--out"));
        REQUIRE_THROWS_MATCHES(target.write("report"), adva::invalid_input, error_with("adva.io.output_is_input", "--out"));
        REQUIRE_THROWS_MATCHES(target.open_stream(), adva::invalid_input, error_with("adva.io.output_is_input", "--out"));
    }
    // The input named through a link is the same file too.
    output_target target(model, "--out", if_exists::replace);
    target.add_input(dir.path / "link.json", "the model file");
    try {
        target.check();
        FAIL("expected adva.io.output_is_input");
    } catch (const adva::invalid_input& e) {
        CHECK(std::string(e.what()) == "[adva.io.output_is_input] --out: the output would replace the model file (" +
                                           (dir.path / "link.json").string() +
                                           "), an input of this command; choose another file (seen: \"" + model.string() +
                                           "\")");
    }
    CHECK(read_text(model) == "the model");

    output_target other(dir.path / "other.json", "--out", if_exists::replace);
    other.add_input(model, "the model file");
    other.write("report");
    CHECK(read_text(dir.path / "other.json") == "report");
    CHECK(read_text(model) == "the model");
    CHECK(adva::io::same_file(dir.path / "hard.json", dir.path / "link.json"));
    CHECK_FALSE(adva::io::same_file(model, dir.path / "other.json"));
    CHECK_FALSE(adva::io::same_file(model, dir.path / "absent.json"));
}

TEST_CASE("a character device is written into and stays a device", "[io][output]") {
    const struct stat before = stat_of("/dev/null");
    REQUIRE(S_ISCHR(before.st_mode));
    output_target null("/dev/null", "--out", if_exists::refuse);  // no --force needed: nothing is replaced
    CHECK(null.check() == output_kind::stream);
    null.write("discarded");
    auto stream = null.open_stream();
    stream.write("lines\n");
    stream.sync_data();
    stream.finish();
    const struct stat after = stat_of("/dev/null");
    CHECK(S_ISCHR(after.st_mode));
    CHECK(after.st_rdev == before.st_rdev);
    CHECK(after.st_ino == before.st_ino);

    // A device that fails the write reports it (and is still there).
    REQUIRE_THROWS_MATCHES(write_file("/dev/full", "x", if_exists::refuse), adva::error, error_with("adva.io.write", "/dev/full"));
    CHECK(S_ISCHR(stat_of("/dev/full").st_mode));
}

TEST_CASE("a FIFO is written into and stays a FIFO", "[io][output]") {
    temp_dir dir;
    const fs::path fifo = dir.path / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] {
        std::ifstream in(fifo, std::ios::binary);  // blocks until the writer opens
        std::ostringstream s;
        s << in.rdbuf();
        received = s.str();
    });
    write_file(fifo, "through the pipe", if_exists::refuse);
    reader.join();
    CHECK(received == "through the pipe");
    CHECK(S_ISFIFO(stat_of(fifo).st_mode));
    CHECK(dir.entries() == std::vector<std::string>{"pipe"});
}

TEST_CASE("an open descriptor (/dev/fd/N) is written into where it stands", "[io][output]") {
    temp_dir dir;
    const fs::path file = dir.path / "log.txt";
    write_text(file, "head\n");
    const ino_t inode = stat_of(file).st_ino;
    const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND);
    REQUIRE(fd >= 0);
    write_file("/dev/fd/" + std::to_string(fd), "tail\n", if_exists::refuse);  // not replaced: no --force needed
    ::close(fd);
    CHECK(read_text(file) == "head\ntail\n");
    CHECK(stat_of(file).st_ino == inode);

    REQUIRE_THROWS_MATCHES(write_file("/dev/fd/999", "x", if_exists::refuse), adva::error, error_with("adva.io.write", "/dev/fd/999"));
}

TEST_CASE("a directory, no name or a name with a NUL is refused", "[io][output]") {
    temp_dir dir;
    try {
        write_file(dir.path, "x", if_exists::replace, "--out");
        FAIL("expected adva.io.output_not_file");
    } catch (const adva::invalid_input& e) {
        CHECK(e.id() == "adva.io.output_not_file");
        CHECK(e.rule() == "the output is a directory: only a regular file (replaced whole), a character device or a FIFO is written");
    }
    CHECK(fs::is_directory(dir.path));
    CHECK(dir.entries().empty());
    REQUIRE_THROWS_MATCHES(output_target("", "--out", if_exists::replace).check(), adva::invalid_input,
                           error_with("adva.io.output_not_file", "--out"));
    const fs::path with_nul = (dir.path / "a").string() + std::string(1, '\0') + "b";
    REQUIRE_THROWS_MATCHES(write_file(with_nul, "x", if_exists::replace), adva::invalid_input,
                           error_with("adva.io.output_not_file", "path"));
    CHECK(dir.entries().empty());
}

TEST_CASE("a failed write leaves no file behind and the target as it was", "[io][output]") {
    temp_dir dir;
    SECTION("a directory that does not exist: refused when checked, nothing created") {
        const fs::path missing = dir.path / "no_such_dir" / "out.txt";
        output_target target(missing, "--out", if_exists::replace);
        REQUIRE_THROWS_MATCHES(target.check(), adva::error, error_with("adva.io.write", missing.string()));
        REQUIRE_THROWS_MATCHES(target.write("x"), adva::error, error_with("adva.io.write", missing.string()));
        REQUIRE_THROWS_MATCHES(target.open_stream(), adva::error, error_with("adva.io.write", missing.string()));
        CHECK(dir.entries().empty());
    }
    SECTION("a write that fails half way (file size limit): the temporary file is removed") {
        const fs::path file = dir.path / "out.txt";
        write_text(file, "old content");
        struct limit_guard {
            rlimit saved{};
            void (*handler)(int);
            limit_guard() : handler(std::signal(SIGXFSZ, SIG_IGN)) {  // EFBIG instead of the signal
                ::getrlimit(RLIMIT_FSIZE, &saved);
                rlimit small = saved;
                small.rlim_cur = 4;
                ::setrlimit(RLIMIT_FSIZE, &small);
            }
            ~limit_guard() {
                ::setrlimit(RLIMIT_FSIZE, &saved);
                std::signal(SIGXFSZ, handler);
            }
        };
        {
            const limit_guard limited;
            REQUIRE_THROWS_MATCHES(write_file(file, std::string(1000, 'x'), if_exists::replace), adva::error,
                                   error_with("adva.io.write", file.string()));
        }
        CHECK(read_text(file) == "old content");
        CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
    }
}

TEST_CASE("an output stream: created, refused when it exists, started afresh or continued", "[io][output]") {
    temp_dir dir;
    const fs::path file = dir.path / "results.jsonl";
    {
        auto s = output_target(file, "--out", if_exists::refuse).open_stream();
        s.write("a\n");
        s.finish();
    }
    CHECK(read_text(file) == "a\n");
    REQUIRE_THROWS_MATCHES(output_target(file, "--out", if_exists::refuse).open_stream(), adva::invalid_input,
                           error_with("adva.io.output_exists", "--out"));
    {
        auto s = output_target(file, "--out", if_exists::append).open_stream();
        s.write("b\n");
        s.finish();
    }
    CHECK(read_text(file) == "a\nb\n");
    fs::create_hard_link(file, dir.path / "earlier.jsonl");
    {
        auto s = output_target(file, "--out", if_exists::replace).open_stream();
        CHECK(read_text(file).empty());  // a new empty file took its place
        s.write("c\n");
        s.finish();
    }
    CHECK(read_text(file) == "c\n");
    CHECK(read_text(dir.path / "earlier.jsonl") == "a\nb\n");  // replaced, not truncated in place
    CHECK(dir.entries() == std::vector<std::string>{"earlier.jsonl", "results.jsonl"});
}
