// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/api/api_support.h"
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/unified_diff.h"

#include <catch2/catch.hpp>

using namespace forge::http;
using namespace forge::http::api;

namespace {

gitcore::FileDiff file(std::string old_path, std::string new_path, gitcore::FileStatus status)
{
    gitcore::FileDiff diff;
    diff.old_path = std::move(old_path);
    diff.new_path = std::move(new_path);
    diff.status = status;
    diff.old_mode = status == gitcore::FileStatus::added ? 0 : 0100644;
    diff.new_mode = status == gitcore::FileStatus::deleted ? 0 : 0100644;
    return diff;
}

} // namespace

TEST_CASE("API times are RFC 3339 in UTC", "[http][api]")
{
    CHECK(rfc3339(0) == "1970-01-01T00:00:00Z");
    CHECK(rfc3339(1700000000) == "2023-11-14T22:13:20Z");
    CHECK(time_or_null(0).is_null());
    CHECK(time_or_null(1700000000) == "2023-11-14T22:13:20Z");
}

TEST_CASE("API body fields are checked by type", "[http][api]")
{
    auto body = Json::parse(R"({"title": "t", "n": 3, "big": 2000000000, "neg": -1,
                                "flag": true, "names": ["a", "b"], "mixed": ["a", 1],
                                "none": null})");
    CHECK(string_field(body, "title").value() == "t");
    CHECK(string_field(body, "missing", "x").value() == "x");
    CHECK(string_field(body, "none", "x").value() == "x");
    CHECK(string_field(body, "n").error().code == forge::ErrorCode::invalid_argument);
    CHECK(count_field(body, "n").value() == 3);
    CHECK(count_field(body, "missing").value() == 0);
    CHECK(count_field(body, "big").is_error());
    CHECK(count_field(body, "neg").is_error());
    CHECK(count_field(body, "title").is_error());
    CHECK(bool_field(body, "flag", false).value());
    CHECK(bool_field(body, "title", false).is_error());
    CHECK(strings_field(body, "names").value() == std::vector<std::string>{"a", "b"});
    CHECK(strings_field(body, "missing").value().empty());
    CHECK(strings_field(body, "mixed").is_error());
    CHECK(strings_field(body, "title").is_error());
}

TEST_CASE("API errors have Gitea's shape and status codes", "[http][api]")
{
    auto invalid = error_response(forge::Error::invalid_argument("title is required"));
    CHECK(invalid.status == 422);
    CHECK(Json::parse(invalid.body) == Json{{"message", "title is required"}, {"url", ""}});
    auto internal = error_response(forge::Error::internal("sqlite said no at /data/forge.db"));
    CHECK(internal.status == 500);
    CHECK(internal.body.find("sqlite") == std::string::npos);
    auto unauthenticated = error_response(forge::Error::unauthenticated("sign in"));
    CHECK(unauthenticated.status == 401);
    CHECK(unauthenticated.header("WWW-Authenticate").has_value());
    CHECK(error_response(forge::Error::not_found("x")).status == 404);
    CHECK(error_response(forge::Error::conflict("x")).status == 409);
    CHECK(refusal(405, "no").status == 405);
    CHECK(json_response(200, Json::array()).header("Content-Type") ==
          "application/json;charset=utf-8");
}

TEST_CASE("API answers replace invalid UTF-8 instead of failing", "[http][api]")
{
    auto response = json_response(200, Json{{"message", std::string("caf\xe9")}});
    CHECK(Json::parse(response.body)["message"] == "caf\xef\xbf\xbd");
}

TEST_CASE("API pages follow Gitea's page and limit", "[http][api]")
{
    auto page_of = [](std::string query) {
        Request request;
        request.query = std::move(query);
        auto page = page_request(request);
        return std::pair{page.offset, page.limit};
    };
    CHECK(page_of("") == std::pair<int64_t, int64_t>{0, 30});
    CHECK(page_of("page=3&limit=10") == std::pair<int64_t, int64_t>{20, 10});
    CHECK(page_of("limit=500") == std::pair<int64_t, int64_t>{0, 50});
    CHECK(page_of("page=-2&limit=x") == std::pair<int64_t, int64_t>{0, 30});
    CHECK(page_of("page=99999999999999999999").first == 0);
    CHECK(page_of("page=99999999999").first == 999'999 * 30);

    Json items = Json::array({1, 2, 3, 4, 5});
    auto response = page_response(items, PageRequest{3, 2});
    CHECK(Json::parse(response.body) == Json::array({4, 5}));
    CHECK(response.header("X-Total-Count") == "5");
    CHECK(Json::parse(page_response(items, PageRequest{10, 2}).body) == Json::array());
}

TEST_CASE("changed files use Gitea's status names", "[http][api]")
{
    auto modified = file("a.txt", "a.txt", gitcore::FileStatus::modified);
    modified.additions = 2;
    modified.deletions = 1;
    auto json = changed_file_json(modified);
    CHECK(json["filename"] == "a.txt");
    CHECK(json["previous_filename"] == "");
    CHECK(json["status"] == "changed");
    CHECK(json["changes"] == 3);
    auto renamed = changed_file_json(file("old.txt", "new.txt", gitcore::FileStatus::renamed));
    CHECK(renamed["status"] == "renamed");
    CHECK(renamed["previous_filename"] == "old.txt");
    CHECK(changed_file_json(file("n", "n", gitcore::FileStatus::added))["status"] == "added");
}

TEST_CASE("pull request diffs read like git diff", "[http][api]")
{
    gitcore::CommitDiff diff;
    auto changed = file("app.txt", "app.txt", gitcore::FileStatus::modified);
    gitcore::DiffHunk hunk;
    hunk.header = "@@ -1,3 +1,3 @@";
    hunk.lines = {{' ', 1, 1, "one"}, {'-', 2, -1, "two"}, {'+', -1, 2, "TWO"}, {' ', 3, 3, ""}};
    changed.hunks.push_back(hunk);
    diff.files.push_back(changed);

    auto added = file("new.txt", "new.txt", gitcore::FileStatus::added);
    gitcore::DiffHunk all_new;
    all_new.header = "@@ -0,0 +1 @@";
    all_new.lines = {{'+', -1, 1, "hello"}};
    added.hunks.push_back(all_new);
    diff.files.push_back(added);

    auto gone = file("gone.bin", "gone.bin", gitcore::FileStatus::deleted);
    gone.binary = true;
    diff.files.push_back(gone);

    diff.files.push_back(file("old name", "new name", gitcore::FileStatus::renamed));

    auto executable = file("run.sh", "run.sh", gitcore::FileStatus::modified);
    executable.new_mode = 0100755;
    diff.files.push_back(executable);

    CHECK(unified_diff(diff) == "diff --git a/app.txt b/app.txt\n"
                                "--- a/app.txt\n"
                                "+++ b/app.txt\n"
                                "@@ -1,3 +1,3 @@\n"
                                " one\n"
                                "-two\n"
                                "+TWO\n"
                                " \n"
                                "diff --git a/new.txt b/new.txt\n"
                                "new file mode 100644\n"
                                "--- /dev/null\n"
                                "+++ b/new.txt\n"
                                "@@ -0,0 +1 @@\n"
                                "+hello\n"
                                "diff --git a/gone.bin b/gone.bin\n"
                                "deleted file mode 100644\n"
                                "Binary files a/gone.bin and /dev/null differ\n"
                                "diff --git a/old name b/new name\n"
                                "rename from old name\n"
                                "rename to new name\n"
                                "diff --git a/run.sh b/run.sh\n"
                                "old mode 100644\n"
                                "new mode 100755\n");
    CHECK(unified_diff(gitcore::CommitDiff{}).empty());
}
