// Golden files for the rendered Markdown section and the Research JSON of one hand-built
// Research (tests/golden/; OM_UPDATE_GOLDEN=1 rewrites them).
#include <sstream>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "report/detail/sample_research.h"
#include "report/report.h"

namespace om::report {

TEST_CASE("golden: the Markdown section of the sample research is unchanged") {
  const std::string md = render_markdown(testing::sample_research());
  CHECK_MESSAGE(testing::matches_golden("research_section.md", md),
                "tests/golden/research_section.md differs; review, then OM_UPDATE_GOLDEN=1");
}

TEST_CASE("golden: the Research JSON of the sample research is unchanged") {
  const std::string json = research_json(testing::sample_research()).dump(2) + "\n";
  CHECK_MESSAGE(testing::matches_golden("research.json", json),
                "tests/golden/research.json differs; review, then OM_UPDATE_GOLDEN=1");
}

TEST_CASE("golden: the Research JSON written member by member is research_json()'s dump") {
  for (int indent : {-1, 2}) {
    std::ostringstream copied;
    write_research_json(testing::sample_research(), copied, indent);
    const std::string whole = research_json(testing::sample_research()).dump(indent);
    CHECK(copied.str() == whole);
    std::ostringstream moved;
    Research r = testing::sample_research();
    write_research_json(std::move(r), moved, indent);
    CHECK(moved.str() == whole);
  }
}

TEST_CASE("golden: rendering twice gives the same bytes") {
  CHECK(render_markdown(testing::sample_research()) == render_markdown(testing::sample_research()));
  CHECK(research_json(testing::sample_research()).dump() ==
        research_json(testing::sample_research()).dump());
}

}  // namespace om::report
