# The ctest fixture "postgres": one throwaway PostgreSQL cluster (and certificate set) per test
# run, started before and removed after every test that declares it with casebridge_db_test().
set(CASEBRIDGE_TEST_ENV ${CMAKE_BINARY_DIR}/test-env)
add_test(NAME postgres_start
  COMMAND ${PROJECT_SOURCE_DIR}/tests/harness/pg_fixture.sh start ${CASEBRIDGE_TEST_ENV})
set_tests_properties(postgres_start PROPERTIES FIXTURES_SETUP postgres TIMEOUT 120)
add_test(NAME postgres_stop
  COMMAND ${PROJECT_SOURCE_DIR}/tests/harness/pg_fixture.sh stop ${CASEBRIDGE_TEST_ENV})
set_tests_properties(postgres_stop PROPERTIES FIXTURES_CLEANUP postgres TIMEOUT 60)

# casebridge_db_test(TARGET): discover TARGET's GoogleTest cases as tests that need the cluster.
function(casebridge_db_test target)
  gtest_discover_tests(${target}
    DISCOVERY_TIMEOUT 30
    PROPERTIES
      FIXTURES_REQUIRED postgres
      ENVIRONMENT CASEBRIDGE_TEST_ENV=${CASEBRIDGE_TEST_ENV}
      TIMEOUT 300)
endfunction()
