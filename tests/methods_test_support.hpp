#pragma once
// Catch2 2.13 has an exact exception-message matcher (Catch::Matchers::Message) but no substring
// one; this is it, for REQUIRE_THROWS_MATCHES(expr, adva::invalid_input, MessageContains("...")).
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

namespace adva::testing {

class message_contains : public Catch::MatcherBase<std::exception> {
public:
    explicit message_contains(std::string part) : part_(std::move(part)) {}
    bool match(const std::exception& e) const override { return std::string(e.what()).find(part_) != std::string::npos; }
    std::string describe() const override { return "message contains \"" + part_ + "\""; }

private:
    std::string part_;
};

inline message_contains MessageContains(std::string part) { return message_contains(std::move(part)); }

}  // namespace adva::testing
