#define BOOST_TEST_MODULE connectors
#include <boost/test/unit_test.hpp>
