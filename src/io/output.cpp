// The output policy (include/adva/io/output.hpp): POSIX calls, because the guarantees (O_EXCL,
// fsync, rename and link within one directory, device and inode numbers) are not all expressible
// with std::filesystem.
#include "adva/io/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "adva/error.hpp"

namespace adva::io {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void write_failure(const fs::path& target, const std::string& rule, int code = errno) {
    throw error("adva.io.write", target.string(), rule, std::strerror(code));
}

std::string quoted(const fs::path& p) { return "\"" + p.string() + "\""; }

invalid_input exists_error(const std::string& where, const fs::path& path) {
    return invalid_input("adva.io.output_exists", where,
                         "the file exists; replacing it must be asked for (CLI --force, Python overwrite=True)", quoted(path));
}

/// "/dev/stdout", "/dev/stderr", "/dev/fd/N", "/proc/self/fd/N": the process's open descriptor N,
/// written into as the shell opened it (a file opened anew through /proc would start at offset 0).
std::optional<int> descriptor_named(const fs::path& p) {
    const std::string& s = p.native();
    if (s == "/dev/stdout") return STDOUT_FILENO;
    if (s == "/dev/stderr") return STDERR_FILENO;
    for (const std::string_view prefix : {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/")}) {
        if (s.size() <= prefix.size() || s.compare(0, prefix.size(), prefix) != 0) continue;
        int fd = -1;
        const char* last = s.data() + s.size();
        const auto r = std::from_chars(s.data() + prefix.size(), last, fd);
        if (r.ec == std::errc{} && r.ptr == last) return fd;
    }
    return std::nullopt;
}

/// The file named by p ("-": standard input), symbolic links followed; nullopt if it cannot be reached.
std::optional<struct stat> stat_of(const fs::path& p) {
    struct stat st {};
    const int rc = p == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(p.c_str(), &st);
    return rc == 0 ? std::optional<struct stat>(st) : std::nullopt;
}

bool same_inode(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

fs::path directory_of(const fs::path& file) { return file.has_parent_path() ? file.parent_path() : fs::path("."); }

/// Fails now, not after the work is done, when no file can be created next to `file`.
void require_writable_directory(const fs::path& file, const fs::path& reported) {
    const fs::path dir = directory_of(file);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) write_failure(reported, "the output's directory cannot be reached");
    if (!S_ISDIR(st.st_mode)) write_failure(reported, "the output's directory is not a directory", ENOTDIR);
    if (::access(dir.c_str(), W_OK | X_OK) != 0) write_failure(reported, "cannot create files in the output's directory");
}

void write_all(int fd, std::string_view data, const fs::path& reported) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            write_failure(reported, "writing the output failed");
        }
        data.remove_prefix(std::size_t(n));
    }
}

/// A new file next to the target, created with O_EXCL; removed by the destructor unless kept
/// (renamed into place), so no failure or exception leaves a partial file behind.
class temp_file {
public:
    temp_file(const fs::path& target, const fs::path& reported, int flags, const struct stat* like) : reported_(reported) {
        std::random_device random;
        for (int attempt = 0; fd_ < 0; ++attempt) {
            char suffix[20];
            std::snprintf(suffix, sizeof suffix, "%08x%08x", unsigned(random()), unsigned(random()));
            path_ = directory_of(target) / ("." + target.filename().string() + ".tmp-" + suffix);
            fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | flags, 0644);
            if (fd_ < 0 && (errno != EEXIST || attempt == 100))
                write_failure(reported, "cannot create a temporary file in the output's directory");
        }
        if (like) {
            // The replacement keeps the replaced file's owner and group where that is allowed (as
            // root, or a group of ours; otherwise they are ours), and its mode always (after the
            // owner: chown clears set-id bits).
            [[maybe_unused]] const int owner_kept = ::fchown(fd_, like->st_uid, like->st_gid);
            if (::fchmod(fd_, like->st_mode & 07777) != 0) write_failure(reported, "cannot give the temporary file the output's mode");
        }
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
    ~temp_file() {
        if (fd_ >= 0) ::close(fd_);
        if (!kept_) ::unlink(path_.c_str());
    }

    int fd() const { return fd_; }
    const fs::path& path() const { return path_; }
    /// fsync() and close(): the content is on disk before the name is.
    void sync_and_close() {
        if (::fsync(fd_) != 0) write_failure(reported_, "cannot flush the output to disk");
        const int fd = std::exchange(fd_, -1);
        if (::close(fd) != 0) write_failure(reported_, "writing the output failed");
    }
    /// The descriptor passes to the caller (the file has been renamed into place).
    int keep() {
        kept_ = true;
        return std::exchange(fd_, -1);
    }

private:
    fs::path path_, reported_;
    int fd_ = -1;
    bool kept_ = false;
};

/// The rename(2) is durable once the directory is: best effort, since the output is complete and
/// in place already (some file systems cannot synchronise a directory).
void sync_directory_of(const fs::path& file) {
    const int fd = ::open(directory_of(file).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

// --- output_stream -------------------------------------------------------------------------------

output_stream::output_stream(int fd, fs::path path, bool durable) noexcept : fd_(fd), path_(std::move(path)), durable_(durable) {}

output_stream::output_stream(output_stream&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), durable_(other.durable_) {}

output_stream::~output_stream() {
    if (fd_ >= 0) ::close(fd_);
}

void output_stream::write(std::string_view data) { write_all(fd_, data, path_); }

void output_stream::sync_data() {
    // Failures show at finish(): fsync reports what fdatasync could not write.
    if (durable_) ::fdatasync(fd_);
}

void output_stream::finish() {
    if (durable_ && ::fsync(fd_) != 0) write_failure(path_, "cannot flush the output to disk");
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) write_failure(path_, "writing the output failed");
}

// --- output_target -------------------------------------------------------------------------------

struct output_target::state {
    output_kind kind = output_kind::absent;
    std::optional<int> descriptor;  ///< an open descriptor named by the path
    fs::path file;                  ///< the file to create or replace (a symbolic link followed)
    struct stat st {};              ///< unless absent
};

output_target::output_target(fs::path path, std::string where, if_exists existing)
    : path_(std::move(path)), where_(std::move(where)), existing_(existing) {}

output_target::state output_target::inspect() const {
    if (path_.empty()) throw invalid_input("adva.io.output_not_file", where_, "the output needs a file name", "\"\"");
    if (path_.native().find('\0') != std::string::npos)  // the system calls would see a shorter, other name
        throw invalid_input("adva.io.output_not_file", where_, "a file name cannot contain a NUL character");
    state s;
    s.file = path_;
    if ((s.descriptor = descriptor_named(path_))) {
        if (::fstat(*s.descriptor, &s.st) != 0) write_failure(path_, "no such open descriptor");
        s.kind = output_kind::stream;
    } else if (::stat(path_.c_str(), &s.st) != 0) {
        if (errno != ENOENT) write_failure(path_, "cannot reach the output file");
        require_writable_directory(path_, path_);
    } else if (S_ISREG(s.st.st_mode)) {
        s.kind = output_kind::regular;
        struct stat entry {};
        if (::lstat(path_.c_str(), &entry) == 0 && S_ISLNK(entry.st_mode)) {
            // Replace the file the link points to: replacing the link would leave the file stale.
            std::error_code ec;
            s.file = fs::canonical(path_, ec);
            if (ec) write_failure(path_, "cannot resolve the symbolic link", ec.value());
        }
    } else if (S_ISCHR(s.st.st_mode) || S_ISFIFO(s.st.st_mode)) {
        s.kind = output_kind::stream;
    } else {
        const char* what = S_ISDIR(s.st.st_mode) ? "a directory" : S_ISBLK(s.st.st_mode) ? "a block device"
                         : S_ISSOCK(s.st.st_mode) ? "a socket" : "not a file";
        throw invalid_input("adva.io.output_not_file", where_,
                            std::string("the output is ") + what +
                                ": only a regular file (replaced whole), a character device or a FIFO is written",
                            quoted(path_));
    }
    for (const auto& in : inputs_) refuse_if_input(s, in);
    if (s.kind == output_kind::regular) {
        if (existing_ == if_exists::refuse) throw exists_error(where_, path_);
        if (existing_ == if_exists::append) {
            if (::access(s.file.c_str(), W_OK) != 0) write_failure(path_, "cannot write the output file");
        } else {
            require_writable_directory(s.file, path_);
        }
    }
    return s;
}

void output_target::refuse_if_input(const state& now, const input& in) const {
    // Writing into a device or FIFO that is also read destroys nothing; replacing a file does.
    if (now.kind == output_kind::absent || !S_ISREG(now.st.st_mode)) return;
    const auto st = stat_of(in.path);
    if (st && same_inode(*st, now.st))
        throw invalid_input("adva.io.output_is_input", where_,
                            "the output would replace " + in.what + " (" + in.path.string() +
                                "), an input of this command; choose another file",
                            quoted(path_));
}

void output_target::add_input(const fs::path& input_path, std::string what) {
    inputs_.push_back({input_path, std::move(what)});
}

output_kind output_target::check() const { return inspect().kind; }

void output_target::write(std::string_view data) const {
    if (existing_ == if_exists::append) throw std::logic_error("output_target::write: appending is for open_stream()");
    const state s = inspect();
    if (s.kind == output_kind::stream) {
        output_stream out = open_stream();
        out.write(data);
        out.finish();
        return;
    }
    temp_file temp(s.file, path_, 0, s.kind == output_kind::regular ? &s.st : nullptr);
    write_all(temp.fd(), data, path_);
    temp.sync_and_close();
    if (s.kind == output_kind::absent && existing_ == if_exists::refuse) {
        // link(2) never replaces: a file created meanwhile by someone else stays. The temporary
        // name goes with temp's destructor.
        if (::link(temp.path().c_str(), s.file.c_str()) == 0) {
            sync_directory_of(s.file);
            return;
        }
        if (errno == EEXIST) throw exists_error(where_, path_);
        if (errno != EPERM && errno != EOPNOTSUPP) write_failure(path_, "cannot create the output file");
        // A file system without hard links (FAT): check, then rename.
        struct stat st {};
        if (::lstat(s.file.c_str(), &st) == 0) throw exists_error(where_, path_);
    }
    if (::rename(temp.path().c_str(), s.file.c_str()) != 0) write_failure(path_, "cannot replace the output file");
    temp.keep();
    sync_directory_of(s.file);
}

output_stream output_target::open_stream() const {
    const state s = inspect();
    if (s.kind == output_kind::stream) {
        const int fd = s.descriptor ? ::fcntl(*s.descriptor, F_DUPFD_CLOEXEC, 0)
                                    : ::open(s.file.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) write_failure(path_, "cannot open the output");
        return output_stream(fd, path_, false);
    }
    if (s.kind == output_kind::regular && existing_ == if_exists::append) {
        const int fd = ::open(s.file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd < 0) write_failure(path_, "cannot open the output file");
        return output_stream(fd, path_, true);
    }
    if (existing_ == if_exists::replace) {
        // An empty file takes the old one's place at once; the old one is never truncated in place.
        temp_file temp(s.file, path_, O_APPEND, s.kind == output_kind::regular ? &s.st : nullptr);
        if (::rename(temp.path().c_str(), s.file.c_str()) != 0) write_failure(path_, "cannot replace the output file");
        output_stream out(temp.keep(), path_, true);
        sync_directory_of(s.file);
        return out;
    }
    const int fd = ::open(s.file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) throw exists_error(where_, path_);
    if (fd < 0) write_failure(path_, "cannot create the output file");
    output_stream out(fd, path_, true);
    sync_directory_of(s.file);
    return out;
}

void write_file(const fs::path& path, std::string_view data, if_exists existing, const std::string& where) {
    output_target(path, where, existing).write(data);
}

bool same_file(const fs::path& a, const fs::path& b) {
    const auto sa = stat_of(a), sb = stat_of(b);
    return sa && sb && same_inode(*sa, *sb);
}

}  // namespace adva::io
