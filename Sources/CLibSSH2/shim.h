#ifndef GLANCE_PUSH_CLIBSSH2_SHIM_H
#define GLANCE_PUSH_CLIBSSH2_SHIM_H
#include <libssh2.h>
#include <libssh2_sftp.h>
#endif
