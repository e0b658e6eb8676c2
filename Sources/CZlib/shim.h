#ifndef GLANCE_PUSH_CZLIB_SHIM_H
#define GLANCE_PUSH_CZLIB_SHIM_H
#include <zlib.h>
#endif
