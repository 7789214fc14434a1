// libedit adapter.
