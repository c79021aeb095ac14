namespace Tandem.Resources.Agents.Ocf;

/// <summary>OCF resource agent exit codes (OCF Resource Agent API 1.1, "Exit codes").</summary>
public static class OcfExitCode
{
    public const int Success = 0;
    public const int ErrGeneric = 1;
    public const int ErrArgs = 2;
    public const int ErrUnimplemented = 3;
    public const int ErrPerm = 4;
    public const int ErrInstalled = 5;
    public const int ErrConfigured = 6;
    public const int NotRunning = 7;
    public const int RunningPromoted = 8;
    public const int FailedPromoted = 9;

    public static string Name(int code) => code switch
    {
        Success => "OCF_SUCCESS",
        ErrGeneric => "OCF_ERR_GENERIC",
        ErrArgs => "OCF_ERR_ARGS",
        ErrUnimplemented => "OCF_ERR_UNIMPLEMENTED",
        ErrPerm => "OCF_ERR_PERM",
        ErrInstalled => "OCF_ERR_INSTALLED",
        ErrConfigured => "OCF_ERR_CONFIGURED",
        NotRunning => "OCF_NOT_RUNNING",
        RunningPromoted => "OCF_RUNNING_PROMOTED",
        FailedPromoted => "OCF_FAILED_PROMOTED",
        _ => $"exit {code}",
    };
}
