using Tandem.Daemon;
using Tandem.Logging;

namespace Tandem.Cli;

static class DaemonCommand
{
    public static int Run(ParsedArgs p)
    {
        p.Allow();
        p.NoMoreWordsAfter(1);
        var node = NodeContext.Load(p);
        using var logs = LoggingSetup.Create();
        try
        {
            return new NodeDaemon(node.Config, node.Node, logs, TimeProvider.System, new Random()).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }
}
