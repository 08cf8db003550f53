// C interfaces the Glibc module does not carry:
// statfs, for the filesystem type (NFS and the like) that promkit doctor checks.
#include <sys/vfs.h>
