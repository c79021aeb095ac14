using Microsoft.Extensions.Logging;

namespace Tandem.Control;

static partial class ControlLog
{
    [LoggerMessage(1500, LogLevel.Information, "control socket listening on {Path}")]
    public static partial void Listening(this ILogger log, string path);

    [LoggerMessage(1501, LogLevel.Warning, "control message refused: {Reason}")]
    public static partial void BadMessage(this ILogger log, string reason);

    [LoggerMessage(1502, LogLevel.Error, "command {Command} failed")]
    public static partial void CommandFailed(this ILogger log, string command, Exception error);
}
