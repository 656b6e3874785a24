// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Query strings, form bodies and Cookie headers come straight from clients. The decoders
// must take any bytes; what they give back must round-trip through the encoder.
#include "forge/http/form.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto fields = forge::http::FormFields::parse(input);
    for (const char* name : {"csrf", "login", "next", "a", ""}) {
        std::string value = fields.get(name);
        std::string encoded = forge::http::percent_encode(value);
        if (forge::http::percent_decode(encoded) != value)
            std::abort();
        if (encoded.find_first_of("&=+ \"<>") != std::string::npos)
            std::abort();
    }
    std::string decoded = forge::http::percent_decode(input, true);
    if (decoded.size() > input.size())
        std::abort();
    for (const char* name : {"forge_session", "forge_visitor", "a"}) {
        auto cookie = forge::http::cookie_value(input, name);
        if (cookie && cookie->find(';') != std::string::npos)
            std::abort();
    }
    return 0;
}
