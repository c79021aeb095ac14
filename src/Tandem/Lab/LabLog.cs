using Microsoft.Extensions.Logging;

namespace Tandem.Lab;

static partial class LabLog
{
    [LoggerMessage(2300, LogLevel.Information, "lab {Lab}: created in {Dir}")]
    public static partial void Created(this ILogger log, string lab, string dir);

    [LoggerMessage(2301, LogLevel.Information, "lab {Lab}: removed")]
    public static partial void Removed(this ILogger log, string lab);

    [LoggerMessage(2302, LogLevel.Warning, "lab {Lab}: not everything could be removed: {Problem}")]
    public static partial void RemoveProblem(this ILogger log, string lab, string problem);

    [LoggerMessage(2303, LogLevel.Warning, "{Line}")]
    public static partial void StaleLab(this ILogger log, string line);

    [LoggerMessage(2304, LogLevel.Error, "lab {Lab}: setup failed at {Step}: {Reason}")]
    public static partial void SetupFailed(this ILogger log, string lab, string step, string reason);

    [LoggerMessage(2305, LogLevel.Information, "lab {Lab}: {Node} {Old} -> {New}")]
    public static partial void NodeStateChanged(this ILogger log, string lab, string node, string old, string @new);
}
