// The one doctest main shared by every test binary. ctest runs each test case alone with
// --test-case=<name>; a filter that matches nothing fails here instead of passing with zero
// cases run (a ';' in a name once split it into two filters that matched nothing).
#define DOCTEST_CONFIG_IMPLEMENT
#include <cstdio>
#include <string_view>

#include <doctest/doctest.h>

namespace {

int g_cases_started = 0;

/// Counts the test cases that ran; reports nothing.
struct CaseCounter final : doctest::IReporter {
  explicit CaseCounter(const doctest::ContextOptions& /*options*/) {}
  void report_query(const doctest::QueryData& /*data*/) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& /*stats*/) override {}
  void test_case_start(const doctest::TestCaseData& /*data*/) override { ++g_cases_started; }
  void test_case_reenter(const doctest::TestCaseData& /*data*/) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& /*stats*/) override {}
  void test_case_exception(const doctest::TestCaseException& /*e*/) override {}
  void subcase_start(const doctest::SubcaseSignature& /*signature*/) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData& /*data*/) override {}
  void log_message(const doctest::MessageData& /*data*/) override {}
  void test_case_skipped(const doctest::TestCaseData& /*data*/) override {}
};

REGISTER_LISTENER("om_case_counter", 1, CaseCounter);

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) {
    return rc;  // --list-test-cases, --help, ...
  }
  bool filtered = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    filtered = filtered || arg.starts_with("--test-case=") || arg.starts_with("-tc=");
  }
  if (rc == 0 && filtered && g_cases_started == 0) {
    std::fprintf(stderr, "doctest: no test case matched the --test-case filter\n");
    return 1;
  }
  return rc;
}
