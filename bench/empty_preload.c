/* empty_preload: a preloaded library whose constructor does nothing; what
 * LD_PRELOAD itself costs a start (`make bench`'s floor). */
__attribute__((constructor)) static void empty_constructor(void)
{
}
