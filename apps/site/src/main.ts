document.querySelector('#app')?.append('intrinsic-dynamics');
