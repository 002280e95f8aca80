#pragma once
#include <ember/ember.h>
namespace torch = ember;
