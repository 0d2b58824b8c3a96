namespace Serverless.Local;

/// <summary>Process exit codes of the `serverless` CLI.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Bug = 1;
    public const int Usage = 2;
    public const int FunctionFailed = 3;
}
