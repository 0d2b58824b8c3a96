// One private blob container in an existing storage account (a regional app's deployment container).

@description('Name of the existing storage account.')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Container name (3-63 lower-case letters, digits and single hyphens).')
@minLength(3)
@maxLength(63)
param containerName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' existing = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

@description('URL of the container (no credentials).')
output containerUrl string = '${storage.properties.primaryEndpoints.blob}${container.name}'
