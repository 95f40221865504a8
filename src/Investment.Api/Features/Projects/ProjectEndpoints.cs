using Investment.Api.Http;

namespace Investment.Api.Features.Projects;

public static class ProjectEndpoints
{
    public static RouteGroupBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects").WithTags("Projects");
        group.MapGet("/", ListProjects.Handle).WithName("ListProjects");
        group.MapGet("/{id:long}", GetProject.Handle).WithName("GetProject");
        group.MapPost("/", CreateProject.Handle).WithName("CreateProject").WithValidation<CreateProjectRequest>();
        group.MapPut("/{id:long}", UpdateProject.Handle).WithName("UpdateProject").WithValidation<UpdateProjectRequest>();
        group.MapPost("/{id:long}/archive", ArchiveProject.Archive).WithName("ArchiveProject");
        group.MapPost("/{id:long}/restore", ArchiveProject.Restore).WithName("RestoreProject");
        group.MapDelete("/{id:long}", ArchiveProject.Delete).WithName("DeleteProject");

        group.MapPost("/{id:long}/sections", ProjectSections.Add).WithName("AddSection").WithValidation<SectionInput>();
        group.MapPut("/{id:long}/sections/{sectionId:long}", ProjectSections.Update).WithName("UpdateSection")
            .WithValidation<UpdateSectionRequest>();
        group.MapDelete("/{id:long}/sections/{sectionId:long}", ProjectSections.Delete).WithName("DeleteSection");

        group.MapPut("/{id:long}/milestones/{kind}", ProjectMilestones.Set).WithName("SetMilestone")
            .WithValidation<SetMilestoneRequest>();
        group.MapDelete("/{id:long}/milestones/{kind}", ProjectMilestones.Delete).WithName("DeleteMilestone");
        return group;
    }
}
