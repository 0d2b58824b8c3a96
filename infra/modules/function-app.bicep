// One Flex Consumption function app (Linux, .NET isolated 10) running the Serverless Splitter package as the
// orchestrator or as a regional worker. Every `Serverless__*` setting of local.settings.sample.json is set
// here, once, for both roles. Nothing secret goes into app settings: storage, Service Bus, the deployment
// container and telemetry all authenticate with the app's user-assigned managed identity.

@description('Name of the function app (globally unique host name).')
@minLength(2)
@maxLength(60)
param appName string

@description('Name of the app\'s Flex Consumption plan (one plan per app).')
@minLength(1)
@maxLength(60)
param planName string

@description('Azure location of the app and its plan.')
param location string

@description('What the app runs: the API, orchestrations and completion consumer, or a regional worker.')
@allowed([
  'orchestrator'
  'regional'
])
param role string

@description('Region name of the app (Serverless__Region): a regional worker consumes work-{region}.')
@minLength(1)
@maxLength(40)
param region string

@description('Regions the orchestrator may place units in (Serverless__Regions).')
@minLength(1)
param regions string[]

@description('Durable task hub of this app (Serverless__TaskHub; host.json reads it). Apps sharing a storage account need distinct hubs.')
@minLength(3)
@maxLength(45)
param taskHubName string

@description('Name of the shared storage account (identity-based: Serverless__StorageAccountName and AzureWebJobsStorage__accountName).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Host name of the Service Bus namespace, `name.servicebus.windows.net` (Serverless__ServiceBusNamespace).')
@minLength(1)
param serviceBusHostName string

@description('Message bus of work items (Serverless__Bus).')
@allowed([
  'servicebus'
  'storagequeue'
])
param bus string = 'servicebus'

@description('Path, inside the package, of the regions JSON file the app plans over (Serverless__RegionsFile); empty: the built-in regions.')
param regionsFile string = ''

@description('Completion queue name (Serverless__CompletionQueue).')
@minLength(1)
@maxLength(260)
param completionQueueName string

@description('State values above this many bytes go to Blob Storage (Serverless__InlineLimitBytes).')
@minValue(0)
@maxValue(1048576)
param inlineLimitBytes int

@description('Minutes an execution\'s variables are kept after it ends (Serverless__StateRetentionMinutes).')
@minValue(1)
param stateRetentionMinutes int

@description('Resource group the ARM provisioner deploys regional apps into (Serverless__ResourceGroup).')
@minLength(1)
@maxLength(90)
param provisionerResourceGroupName string

@description('Path, inside the package, of the compiled regional template the provisioner deploys (Serverless__DeploymentTemplatePath).')
@minLength(1)
param deploymentTemplatePath string

@description('Name of the app\'s user-assigned managed identity (in this resource group).')
@minLength(3)
@maxLength(128)
param identityName string

@description('Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

@description('Resource group of the shared resources (storage, Service Bus, Application Insights).')
@minLength(1)
@maxLength(90)
param sharedResourceGroupName string

@description('URL of the blob container Flex Consumption deploys the package from.')
@minLength(1)
param deploymentContainerUrl string

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional URL of the app package (zip) to deploy with OneDeploy; empty deploys no code (publish afterwards). May carry a SAS token, hence secure.')
@secure()
param packageUri string = ''

@description('Tags applied to the app and its plan.')
param tags { *: string } = {}

@description('What a new region is deployed with: the parameters of regional-app.json (besides the region) the orchestrator\'s ARM provisioner passes from the Serverless__DeploymentParameters__* settings.')
param deploymentParameters regionalDeploymentParameters

@export()
@description('Parameters of regional-app.json that are the same for every region of an environment.')
type regionalDeploymentParameters = {
  @description('Environment name main.bicep was deployed with.')
  environmentName: string
  @description('Name of the shared storage account.')
  storageAccountName: string
  @description('Name of the Service Bus namespace.')
  serviceBusNamespaceName: string
  @description('Name of the Application Insights component.')
  applicationInsightsName: string
  @description('Resource group of the shared resources.')
  sharedResourceGroupName: string
  @description('Resource group new regional apps go to.')
  provisionerResourceGroupName: string
  @description('Task hub of the orchestrator (regional hubs derive from it).')
  taskHubName: string
  @description('Completion queue name.')
  completionQueueName: string
  @description('Message bus of work items.')
  bus: string
  @description('Deliveries of a work item before it is dead-lettered.')
  maxDeliveryCount: int
  @description('Inline limit of state values in bytes.')
  inlineLimitBytes: int
  @description('Minutes an execution\'s variables are kept.')
  stateRetentionMinutes: int
  @description('Path of the compiled regional template inside the package.')
  deploymentTemplatePath: string
  @description('Most instances a regional app scales out to.')
  maximumInstanceCount: int
  @description('Memory of each instance in MB.')
  instanceMemoryMB: int
  @description('Every region of the environment.')
  regions: string[]
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
  scope: resourceGroup(sharedResourceGroupName)
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: union(tags, { 'serverless-role': role, 'serverless-region': region })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        // Host storage (Durable task hub, keys, leases) by identity: no AzureWebJobsStorage connection string.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // The connection string of a component with local auth disabled holds only the ingestion endpoint and
        // the instrumentation key (an identifier, not a credential); the authentication string makes the
        // exporter authenticate with the managed identity (Monitoring Metrics Publisher).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'Serverless__Role', value: role }
        { name: 'Serverless__Region', value: region }
        { name: 'Serverless__Regions', value: join(regions, ',') }
        { name: 'Serverless__RegionsFile', value: regionsFile }
        { name: 'Serverless__TaskHub', value: taskHubName }
        // Connection strings stay empty on Azure: the app falls back to the identity-based settings below.
        { name: 'Serverless__StorageConnection', value: '' }
        { name: 'Serverless__StorageAccountName', value: storageAccountName }
        { name: 'Serverless__ManagedIdentityClientId', value: identity.properties.clientId }
        { name: 'Serverless__Bus', value: bus }
        { name: 'Serverless__ServiceBusConnection', value: '' }
        { name: 'Serverless__ServiceBusNamespace', value: serviceBusHostName }
        { name: 'Serverless__CompletionQueue', value: completionQueueName }
        { name: 'Serverless__InlineLimitBytes', value: string(inlineLimitBytes) }
        { name: 'Serverless__StateRetentionMinutes', value: string(stateRetentionMinutes) }
        { name: 'Serverless__SubscriptionId', value: subscription().subscriptionId }
        { name: 'Serverless__ResourceGroup', value: provisionerResourceGroupName }
        { name: 'Serverless__DeploymentTemplatePath', value: deploymentTemplatePath }
        // The parameters the ARM provisioner deploys regional-app.json with for a new region (only the region differs).
        { name: 'Serverless__DeploymentParameters__environmentName', value: deploymentParameters.environmentName }
        { name: 'Serverless__DeploymentParameters__storageAccountName', value: deploymentParameters.storageAccountName }
        { name: 'Serverless__DeploymentParameters__serviceBusNamespaceName', value: deploymentParameters.serviceBusNamespaceName }
        { name: 'Serverless__DeploymentParameters__applicationInsightsName', value: deploymentParameters.applicationInsightsName }
        { name: 'Serverless__DeploymentParameters__sharedResourceGroupName', value: deploymentParameters.sharedResourceGroupName }
        { name: 'Serverless__DeploymentParameters__provisionerResourceGroupName', value: deploymentParameters.provisionerResourceGroupName }
        { name: 'Serverless__DeploymentParameters__taskHubName', value: deploymentParameters.taskHubName }
        { name: 'Serverless__DeploymentParameters__completionQueueName', value: deploymentParameters.completionQueueName }
        { name: 'Serverless__DeploymentParameters__bus', value: deploymentParameters.bus }
        { name: 'Serverless__DeploymentParameters__maxDeliveryCount', value: string(deploymentParameters.maxDeliveryCount) }
        { name: 'Serverless__DeploymentParameters__inlineLimitBytes', value: string(deploymentParameters.inlineLimitBytes) }
        { name: 'Serverless__DeploymentParameters__stateRetentionMinutes', value: string(deploymentParameters.stateRetentionMinutes) }
        { name: 'Serverless__DeploymentParameters__deploymentTemplatePath', value: deploymentParameters.deploymentTemplatePath }
        { name: 'Serverless__DeploymentParameters__maximumInstanceCount', value: string(deploymentParameters.maximumInstanceCount) }
        { name: 'Serverless__DeploymentParameters__instanceMemoryMB', value: string(deploymentParameters.instanceMemoryMB) }
        { name: 'Serverless__DeploymentParameters__regions', value: join(deploymentParameters.regions, ',') }
        // Completions are consumed by the CompletionReceived Storage Queues trigger (AzureWebJobsStorage account) of the
        // app whose task hub runs the orchestrations; a regional-only app must not take them off the shared queue.
        { name: 'AzureWebJobs.CompletionReceived.Disabled', value: role == 'regional' ? 'true' : 'false' }
        // Work items of work-{region} on Storage Queues are consumed by the RegionalWorkReceived trigger of the region's
        // regional app only (the platform scales the app on that queue); on Service Bus the regional worker polls instead.
        { name: 'AzureWebJobs.RegionalWorkReceived.Disabled', value: role == 'regional' && bus == 'storagequeue' ? 'false' : 'true' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing goes through Entra ID (az functionapp deployment, azd, OneDeploy), never basic credentials.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource oneDeploy 'Microsoft.Web/sites/extensions@2024-11-01' = if (!empty(packageUri)) {
  parent: site
  name: 'onedeploy'
  // The type index describes no properties for the onedeploy extension; these are the documented ones.
  #disable-next-line BCP187
  properties: {
    packageUri: packageUri
    remoteBuild: false
  }
  dependsOn: [
    scmBasicAuth
    ftpBasicAuth
  ]
}

@description('Name of the function app.')
output appName string = site.name

@description('Default host name of the function app.')
output hostName string = site.properties.defaultHostName

@description('Role the app runs.')
output role string = role
