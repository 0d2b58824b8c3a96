// ONE regional worker app of Serverless Splitter, deployed into an existing environment (storage account,
// Service Bus namespace and Application Insights created by main.bicep). main.bicep deploys it once per entry
// of `regions`; at run time the orchestrator's ARM provisioner deploys the compiled regional-app.json with
// the same parameters when a new region is needed (see docs/deployment.md). Deploying it again for a region
// that exists is an idempotent update.
targetScope = 'resourceGroup'

@description('Region name the worker serves (Serverless__Region); its queue is `work-{region}`. It is also the Azure location of the app unless `location` says otherwise.')
@minLength(1)
@maxLength(40)
param region string

@description('Azure location of the app, its plan and identity (a region where Flex Consumption is offered).')
@minLength(1)
param location string = region

@description('Environment name used in resource names; the same value main.bicep was deployed with.')
@minLength(2)
@maxLength(20)
param environmentName string

@description('Every region the orchestrator may place units in (Serverless__Regions).')
@minLength(1)
param regions string[] = [
  region
]

@description('Name of the shared storage account (main.bicep output `storageAccountName`).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Name of the Service Bus namespace (main.bicep output `serviceBusNamespaceName`).')
@minLength(6)
@maxLength(50)
param serviceBusNamespaceName string

@description('Name of the Application Insights component (main.bicep output `applicationInsightsName`).')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

@description('Resource group holding the storage account, the namespace and Application Insights.')
@minLength(1)
@maxLength(90)
param sharedResourceGroupName string = resourceGroup().name

@description('Resource group the orchestrator\'s provisioner deploys regional apps into (Serverless__ResourceGroup).')
@minLength(1)
@maxLength(90)
param provisionerResourceGroupName string = sharedResourceGroupName

@description('Task hub of the orchestrator app; the regional app uses its own hub derived from it, so it never takes the orchestrator\'s work items.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'SplitterHub'

@description('Message bus of work items (Serverless__Bus): on `storagequeue` the app\'s RegionalWorkReceived trigger consumes the storage queue `work-{region}`, on `servicebus` its worker polls the Service Bus queue of that name.')
@allowed([
  'servicebus'
  'storagequeue'
])
param bus string = 'servicebus'

@description('Completion queue the worker sends UnitCompleted messages to (Serverless__CompletionQueue).')
@minLength(1)
@maxLength(260)
param completionQueueName string = 'completions'

@description('Deliveries of a work item before it is dead-lettered.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 10

@description('State values above this many bytes go to Blob Storage (Serverless__InlineLimitBytes).')
@minValue(0)
@maxValue(1048576)
param inlineLimitBytes int = 32768

@description('Minutes an execution\'s variables are kept after it ends (Serverless__StateRetentionMinutes).')
@minValue(1)
param stateRetentionMinutes int = 60

@description('Path of the compiled regional template inside the app package (Serverless__DeploymentTemplatePath).')
@minLength(1)
param deploymentTemplatePath string = 'infra/regional-app.json'

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

@description('Optional URL of the app package (zip) to deploy with OneDeploy; empty creates the app without code. May carry a SAS token, hence secure.')
@secure()
param packageUri string = ''

@description('Tags applied to every resource.')
param tags { *: string } = {}

// Deterministic per environment and region: the storage account name is globally unique already.
var token = uniqueString(subscription().id, storageAccountName, region)
var env = toLower(environmentName)
var regionLower = toLower(region)
var appName = 'func-${env}-${take(regionLower, 20)}-${token}'
var workQueueName = 'work-${regionLower}'
// Deployment names must be unique within a resource group: region prefix for readers, token for uniqueness.
var deploymentSuffix = '${take(regionLower, 30)}-${token}'
var regionalTaskHub = take('${taskHubName}${replace(regionLower, '-', '')}', 45)
// publish.sh finds every app of an environment by these tags, including apps the provisioner added.
var allTags = union(tags, {
  'azd-env-name': environmentName
  application: 'serverless-splitter'
})

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
  scope: resourceGroup(sharedResourceGroupName)
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${env}-${regionLower}'
  location: location
  tags: allTags
}

module workQueue 'modules/servicebus-queue.bicep' = {
  name: take('queue-${workQueueName}', 64)
  scope: resourceGroup(sharedResourceGroupName)
  params: {
    serviceBusNamespaceName: serviceBusNamespaceName
    queueName: workQueueName
    maxDeliveryCount: maxDeliveryCount
  }
}

module deploymentContainer 'modules/blob-container.bicep' = {
  name: 'container-${deploymentSuffix}'
  scope: resourceGroup(sharedResourceGroupName)
  params: {
    storageAccountName: storageAccountName
    containerName: 'app-package-${token}'
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'roles-${deploymentSuffix}'
  scope: resourceGroup(sharedResourceGroupName)
  params: {
    identityName: identity.name
    identityResourceGroupName: resourceGroup().name
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    receiveQueueName: workQueueName
    sendQueueName: completionQueueName
    applicationInsightsName: applicationInsightsName
  }
  dependsOn: [
    workQueue
  ]
}

module app 'modules/function-app.bicep' = {
  name: 'app-${deploymentSuffix}'
  params: {
    appName: appName
    planName: 'plan-${env}-${take(regionLower, 20)}-${token}'
    location: location
    role: 'regional'
    region: regionLower
    regions: regions
    taskHubName: regionalTaskHub
    storageAccountName: storageAccountName
    serviceBusHostName: replace(split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0], '/', '')
    completionQueueName: completionQueueName
    bus: bus
    inlineLimitBytes: inlineLimitBytes
    stateRetentionMinutes: stateRetentionMinutes
    provisionerResourceGroupName: provisionerResourceGroupName
    deploymentTemplatePath: deploymentTemplatePath
    identityName: identity.name
    applicationInsightsName: applicationInsightsName
    sharedResourceGroupName: sharedResourceGroupName
    deploymentContainerUrl: deploymentContainer.outputs.containerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    packageUri: packageUri
    tags: allTags
    deploymentParameters: {
      environmentName: environmentName
      storageAccountName: storageAccountName
      serviceBusNamespaceName: serviceBusNamespaceName
      applicationInsightsName: applicationInsightsName
      sharedResourceGroupName: sharedResourceGroupName
      provisionerResourceGroupName: provisionerResourceGroupName
      taskHubName: taskHubName
      completionQueueName: completionQueueName
      bus: bus
      maxDeliveryCount: maxDeliveryCount
      inlineLimitBytes: inlineLimitBytes
      stateRetentionMinutes: stateRetentionMinutes
      deploymentTemplatePath: deploymentTemplatePath
      maximumInstanceCount: maximumInstanceCount
      instanceMemoryMB: instanceMemoryMB
      regions: regions
    }
  }
  // The app must be able to read its deployment container and the task hub as soon as it starts.
  dependsOn: [
    roles
  ]
}

@description('Name of the regional function app.')
output appName string = app.outputs.appName

@description('Default host name of the regional function app.')
output hostName string = app.outputs.hostName

@description('Region the app serves.')
output region string = regionLower

@description('Work queue the app consumes (a Service Bus or Storage queue of this name, as `bus` says).')
output workQueueName string = workQueue.outputs.queueName

@description('Client id of the app\'s managed identity (an identifier, not a secret).')
output identityClientId string = identity.properties.clientId
