// The short, speakable reference on the receipt and the done screen (issue #11): ticket + four characters
// from the request id, without characters people confuse.
#include <catch2/catch.hpp>

#include "app/short_ref.hpp"

#include <cctype>
#include <set>
#include <string>

using namespace kiosk;

TEST_CASE("the short reference is the ticket, a hyphen and four unambiguous characters, stable per request") {
    const std::string id = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const std::string r = short_reference("A023", id);
    REQUIRE(r.size() == 9);
    CHECK(r.substr(0, 5) == "A023-");
    for (char c : r.substr(5)) CHECK(kShortRefAlphabet.find(c) != std::string_view::npos);
    CHECK(short_reference("A023", id) == r);                       // the same request, the same code
    CHECK(short_reference("", id) == r.substr(5));                 // no ticket: the code alone
    CHECK(short_reference("A023", "").empty());                    // nothing to refer to
    CHECK(short_reference("A023", id + "x") != r);                 // (this pair happens to differ)
}

TEST_CASE("short references leave out 0 O Q 1 I L 2 Z 5 S 8 B and rarely clash") {
    for (char bad : std::string("0OQ1IL2Z5S8B")) CHECK(kShortRefAlphabet.find(bad) == std::string_view::npos);
    std::set<std::string> codes;
    std::set<char> used;
    for (int i = 0; i < 2000; ++i) {
        std::string code = short_reference("", "request-" + std::to_string(i));
        REQUIRE(code.size() == 4);
        for (char c : code) used.insert(c);
        codes.insert(code);
    }
    CHECK(codes.size() >= 1980);          // 24^4 = 331 776 codes: about six clashes expected in 2 000
    CHECK(used.size() == kShortRefAlphabet.size());   // every character of the alphabet turns up
}

TEST_CASE("a typed or spoken short reference is understood with or without the dash, in any case") {
    const std::string id = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const std::string r = short_reference("A023", id);
    std::string lower = r;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& typed : {r, lower, r.substr(0, 4) + r.substr(5), " " + r.substr(0, 4) + " " + r.substr(5) + " "}) {
        INFO(typed);
        auto p = parse_short_reference(typed);
        REQUIRE(p);
        CHECK(p->ticket == "A023");
        CHECK(p->text() == r);
        CHECK(short_reference_matches(*p, "A023", id));
        CHECK(!short_reference_matches(*p, "A023", "another-request"));
        CHECK(!short_reference_matches(*p, "A024", id));
    }
    // A ticket with a kiosk mark and four digits.
    auto m = parse_short_reference("a11023-" + short_reference("", id));
    REQUIRE(m);
    CHECK(m->ticket == "A11023");
    // Not a short reference: a ticket alone, a code with a letter left out of the alphabet, no letter first,
    // punctuation, a UUID, nothing.
    for (const char* bad : {"A023", "A023-7K3O", "0237K3M9", "A023-7K3M!", "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", "", "-"})
        CHECK_FALSE(parse_short_reference(bad));
}
