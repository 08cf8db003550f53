// C interfaces the Glibc module does not carry:
// zlib, for gzip-compressed scrapes (Debian package zlib1g-dev), and
// statfs, for the filesystem type (NFS and the like) that promkit doctor checks.
#include <zlib.h>
#include <sys/vfs.h>
