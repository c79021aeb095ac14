namespace Tandem.Cli;

public static class CommandLine
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("tandem: not yet wired");
        return 2;
    }
}
