#if !TANDEM_WIRING
static class EntryPoint
{
    static int Main() { System.Console.Error.WriteLine("tandem: built without the command line"); return 2; }
}
#endif
